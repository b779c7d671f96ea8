/**
 * The `unclip-studio` command line: run, validate, nodes, models, serve. `main(argv, io)` returns the exit
 * status (tests call it directly); run as a script it wires process I/O and SIGINT/SIGTERM cancellation.
 */
import { pathToFileURL } from 'node:url';
import { errorMessage } from '../../core/error-message.ts';
import { type CliIO, EXIT, processIO, UsageError } from './io.ts';
import { MODELS_HELP, modelsCommand } from './models.ts';
import { NODES_HELP, nodesCommand } from './nodes.ts';
import { PRUNE_HELP, pruneCommand } from './prune.ts';
import { RUN_HELP, runCommand } from './run.ts';
import { SERVE_HELP, serveCommand } from './serve.ts';
import { VALIDATE_HELP, validateCommand } from './validate.ts';
import { WORKER_HELP, workerCommand } from './worker.ts';

export const HELP = `unclip-studio: a node-based workflow editor and runner for unCLIP image generation

Usage: unclip-studio <command> [options]

Commands:
  run <workflow>       Run a workflow (.json, or a PNG with an embedded workflow)
  validate <workflow>  Check a workflow without running it
  nodes [type]         List the node types, or describe one
  models               List the installed model bundles
  serve                Start the editor and its HTTP/WebSocket API
  prune                Delete old runs, images and previews beyond the retention policy
  worker               Execute runs from a Redis queue (serve --queue redis://...)

Run "unclip-studio <command> --help" for a command's options.
`;

const COMMANDS: Record<string, { run: (args: string[], io: CliIO) => Promise<number>; help: string }> = {
  run: { run: runCommand, help: RUN_HELP },
  validate: { run: validateCommand, help: VALIDATE_HELP },
  nodes: { run: nodesCommand, help: NODES_HELP },
  models: { run: modelsCommand, help: MODELS_HELP },
  serve: { run: serveCommand, help: SERVE_HELP },
  prune: { run: pruneCommand, help: PRUNE_HELP },
  worker: { run: workerCommand, help: WORKER_HELP },
};

export async function main(argv: string[], io: CliIO): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    const topic = name === 'help' && args[0] ? COMMANDS[args[0]] : undefined;
    io.out(topic?.help ?? HELP);
    return name === undefined ? EXIT.invalid : EXIT.ok;
  }
  const command = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!command) {
    io.err(`unknown command "${name}"\n\n${HELP}`);
    return EXIT.invalid;
  }
  try {
    return await command.run(args, io);
  } catch (err) {
    if (err instanceof UsageError) {
      io.err(`unclip-studio ${name}: ${err.message}\n`);
      return EXIT.invalid;
    }
    io.err(`unclip-studio ${name}: ${errorMessage(err)}\n`);
    return EXIT.runError;
  }
}

/** Entry point: the first SIGINT/SIGTERM cancels the run (or stops the server); a second one exits at once. */
export async function runAsScript(): Promise<void> {
  const abort = new AbortController();
  const stop = () => {
    if (abort.signal.aborted) process.exit(EXIT.cancelled);
    abort.abort();
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  process.exitCode = await main(process.argv.slice(2), processIO(abort.signal));
  process.off('SIGINT', stop);
  process.off('SIGTERM', stop);
}

const entry = process.argv[1];
if (entry && import.meta.url === pathToFileURL(entry).href) await runAsScript();
