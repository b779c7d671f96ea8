/**
 * `unclip-studio worker --queue redis://...`: a process that loads bundles, takes runs from the Redis queue,
 * executes them with the engine and publishes their events and outputs (server/queue/redis/run-worker.ts).
 * The first SIGTERM/SIGINT lets the running run finish, then exits; a second one exits at once (the run's lock
 * expires and another worker runs it again).
 */
import { Engine } from '../engine/index.ts';
import { RunWorker } from '../queue/redis/run-worker.ts';
import { type CliIO, EXIT, UsageError, untilInterrupted } from './io.ts';
import { dataDirsOf, MODEL_FLAGS, MODEL_FLAGS_HELP, parseFlags, registryOf } from './options.ts';
import { QUEUE_FLAGS, QUEUE_FLAGS_HELP, queueSettingsOf } from './queue-options.ts';

export const WORKER_HELP = `Usage: unclip-studio worker --queue redis://host:port [options]

Executes queued runs from the Redis queue that API servers (serve --queue) fill. Start as many as you like,
on any machines that reach Redis.

${QUEUE_FLAGS_HELP}  --data DIR            Local folder for input images and outputs before upload (default ./data)
${MODEL_FLAGS_HELP}  --concurrency N       Runs executed at once (default 1)

Advanced (environment): UNCLIP_WORKER_LOCK_MS (run lock, default 30000: a dead worker's run is re-queued
after about this long), UNCLIP_WORKER_HEARTBEAT_MS (default 5000).
`;

function positiveInt(text: string | undefined, name: string, fallback: number): number {
  if (text === undefined || text === '') return fallback;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1)
    throw new UsageError(`${name} must be a whole number of at least 1, got "${text}"`);
  return n;
}

export async function workerCommand(args: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseFlags(args, {
    ...MODEL_FLAGS,
    ...QUEUE_FLAGS,
    data: { type: 'string' },
    concurrency: { type: 'string' },
  });
  if (values.help) {
    io.out(WORKER_HELP);
    return EXIT.ok;
  }
  if (positionals.length) throw new UsageError(`worker takes no arguments, got "${positionals.join(' ')}"`);
  const settings = queueSettingsOf(io, values);
  if (!settings) throw new UsageError('worker needs --queue redis://... (or UNCLIP_QUEUE)');
  const models = registryOf(io, values);
  const dirs = dataDirsOf(io, values);
  const engine = new Engine({ models, inputsDir: dirs.inputs, outputsDir: dirs.outputs });
  const worker = new RunWorker({
    settings,
    engine,
    inputsDir: dirs.inputs,
    outputsDir: dirs.outputs,
    provider: models.provider,
    threads: models.tuning.threads,
    concurrency: positiveInt(values.concurrency, '--concurrency', 1),
    lockMs: positiveInt(io.env.UNCLIP_WORKER_LOCK_MS, 'UNCLIP_WORKER_LOCK_MS', 30_000),
    heartbeatMs: positiveInt(io.env.UNCLIP_WORKER_HEARTBEAT_MS, 'UNCLIP_WORKER_HEARTBEAT_MS', 5000),
  });
  await worker.ready();
  io.out(`unclip-studio worker ${worker.id} waiting for runs\n`);
  await untilInterrupted(io);
  io.out(`unclip-studio worker ${worker.id} finishing its runs, then stopping\n`);
  await worker.close();
  await models.dispose();
  return EXIT.ok;
}
