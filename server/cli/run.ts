/** `unclip-studio run <workflow>`: validate, run with progress, print the written files. */
import { randomUUID } from 'node:crypto';
import { ensureDir } from '../store/ensure-dir.ts';
import { formatIssue } from './format.ts';
import { type CliIO, EXIT, UsageError } from './io.ts';
import { DATA_FLAGS, MODEL_FLAGS, MODEL_FLAGS_HELP, parseFlags } from './options.ts';
import { createReporter } from './report.ts';
import { openWorkflowJob } from './workflow-file.ts';

export const RUN_HELP = `Usage: unclip-studio run <workflow.json|.png> [options]

Runs a workflow and writes its images (PNG, workflow embedded) to the outputs folder.

  --set id.param=value  Override a node param (repeatable); checked like any param
  --out DIR             Outputs folder (default: <data>/outputs)
  --inputs DIR          Folder image.load reads from (default: <data>/inputs)
  --data DIR            Data folder (default: ./data, or UNCLIP_DATA)
${MODEL_FLAGS_HELP}  --json                One JSON event per line on stdout; the last is run.done

Exit status: 0 done, 1 invalid workflow or usage, 2 the run failed, 130 cancelled.
`;

export async function runCommand(args: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseFlags(args, {
    ...MODEL_FLAGS,
    ...DATA_FLAGS,
    set: { type: 'string', multiple: true },
    json: { type: 'boolean' },
  });
  if (values.help) {
    io.out(RUN_HELP);
    return EXIT.ok;
  }
  const { file, raw, dirs, models, engine } = await openWorkflowJob('run', positionals, values, io);
  try {
    const { workflow, issues } = await engine.validate(raw);
    if (!workflow) {
      if (values.json) io.out(`${JSON.stringify({ type: 'invalid', issues })}\n`);
      else {
        io.err(`${file}: the workflow is invalid\n`);
        for (const issue of issues) io.err(`  ${formatIssue(issue)}\n`);
      }
      return EXIT.invalid;
    }
    // The outputs folder must exist before anything runs (a clear error for --out /proc/x, not a spin).
    await ensureDir(dirs.outputs).catch((err: Error) => {
      throw new UsageError(err.message);
    });
    const mode = values.json ? 'json' : io.tty ? 'tty' : 'plain';
    const onEvent = createReporter(io, mode, dirs.outputs);
    const result = await engine.run(randomUUID(), workflow, {
      onEvent,
      ...(io.signal ? { signal: io.signal } : {}),
    });
    return result.status === 'done'
      ? EXIT.ok
      : result.status === 'cancelled'
        ? EXIT.cancelled
        : EXIT.runError;
  } finally {
    await models.dispose();
  }
}
