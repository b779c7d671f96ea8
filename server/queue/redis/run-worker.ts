/**
 * A worker in Redis mode: a BullMQ Worker that takes runs (by priority), executes each with the engine and
 * publishes its events, output files and heartbeats. Stalled-job detection re-queues the run of a worker that
 * died (its lock expires) once, and fails it the second time; a cancel published by any API server aborts the
 * run through BullMQ's job signal; close() lets the running run finish (SIGTERM).
 */
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { type Job, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import type { EngineEvent } from '../../../core/events.ts';
import type { Workflow } from '../../../core/workflow/schema.ts';
import type { RunExecutor } from '../queue.ts';
import { revalidateStored } from '../revalidate.ts';
import {
  answers,
  connect,
  KEY_PREFIX,
  KEYS,
  QUEUE_NAME,
  type RedisSettings,
  whileConnected,
} from './connection.ts';
import { publishEvent } from './event-stream.ts';
import { fetchInputs, storeOutputs } from './file-transfer.ts';
import { type RunOutcomeMessage, signOutcome } from './outcome.ts';
import { beat, forget, HEARTBEAT_MS } from './worker-registry.ts';

export interface JobData {
  workflow: Workflow;
  clientId?: string;
}

export interface RunWorkerOptions {
  settings: RedisSettings;
  engine: RunExecutor;
  inputsDir: string;
  outputsDir: string;
  provider: string;
  threads: number;
  concurrency?: number;
  /** How long a run's lock lasts without renewal (renewed every half); a dead worker's run waits this long. */
  lockMs?: number;
  heartbeatMs?: number;
}

/** Previews waiting to be published beyond this are dropped (the JSON events behind them are not). */
const MAX_PENDING_PREVIEWS = 2;
/** How long closing waits on Redis once it is unreachable. */
const CLOSE_MS = 2000;

export class RunWorker {
  readonly id = `${hostname()}-${process.pid}-${randomUUID().slice(0, 8)}`;
  private readonly redis: Redis;
  private readonly subscriber: Redis;
  /** BullMQ leaves a connection it was given open: closed here. */
  private readonly bullConnection: Redis;
  private readonly worker: Worker<JobData, RunOutcomeMessage>;
  private readonly running = new Set<string>();
  private readonly heartbeat: NodeJS.Timeout;
  private readonly heartbeatMs: number;
  private closing: Promise<void> | undefined;

  constructor(private readonly opts: RunWorkerOptions) {
    this.redis = connect(opts.settings, 'worker');
    this.subscriber = connect(opts.settings, 'worker-cancel');
    this.bullConnection = connect(opts.settings, 'worker-bullmq');
    const lockDuration = opts.lockMs ?? 30_000;
    this.worker = new Worker<JobData, RunOutcomeMessage>(
      QUEUE_NAME,
      (job, _token, signal) => this.execute(job, signal),
      {
        connection: this.bullConnection,
        prefix: KEY_PREFIX,
        concurrency: opts.concurrency ?? 1,
        lockDuration,
        stalledInterval: lockDuration,
        maxStalledCount: 1,
        // Seconds a blocking wait for a job lasts: BullMQ's guard timer for it (this + 1 s) outlives close().
        drainDelay: 1,
        removeOnComplete: { count: 1000 },
        removeOnFail: { count: 1000 },
      },
    );
    this.worker.on('error', (error) => console.error(`worker ${this.id}:`, error.message));
    void this.subscriber.subscribe(KEYS.cancelChannel);
    this.subscriber.on('message', (_channel, runId: string) => {
      if (this.running.has(runId)) this.worker.cancelJob(runId, 'cancelled');
    });
    this.heartbeatMs = opts.heartbeatMs ?? HEARTBEAT_MS;
    this.heartbeat = setInterval(() => void this.beat().catch(() => {}), this.heartbeatMs);
    void this.beat().catch(() => {});
  }

  /** Resolves once BullMQ's connection is ready. */
  async ready(): Promise<void> {
    await this.worker.waitUntilReady();
  }

  /** Take no new runs; wait for the running ones to finish (force: abort them; they are re-queued as stalled). */
  close(force = false): Promise<void> {
    this.closing ??= (async () => {
      clearInterval(this.heartbeat);
      // Without Redis a run's result cannot be recorded: stop now, its lock expires and another worker takes it.
      const now = force || !(await answers(this.redis));
      if (now) this.worker.cancelAllJobs('shutdown');
      await whileConnected(this.redis, this.worker.close(now), CLOSE_MS);
      // Unlisted anyway once its heartbeat expires.
      await whileConnected(this.redis, forget(this.redis, this.id), 0);
      for (const connection of [this.subscriber, this.redis, this.bullConnection]) connection.disconnect();
    })();
    return this.closing;
  }

  private beat(): Promise<void> {
    const { provider, threads } = this.opts;
    const [run] = this.running;
    const info = {
      id: this.id,
      host: hostname(),
      provider,
      threads,
      concurrency: this.opts.concurrency ?? 1,
    };
    return beat(this.redis, run ? { ...info, run } : info, this.heartbeatMs);
  }

  private async execute(
    job: Job<JobData, RunOutcomeMessage>,
    signal?: AbortSignal,
  ): Promise<RunOutcomeMessage> {
    const id = job.id as string;
    const { workflow, clientId } = job.data;
    const token = this.opts.settings.workerToken;
    const send = (event: EngineEvent, files?: Record<string, string>) =>
      publishEvent(this.redis, token, {
        event,
        ...(clientId ? { clientId } : {}),
        ...(files ? { files } : {}),
      });
    if (await this.redis.exists(KEYS.cancelFlag(id))) {
      await send({ type: 'run.cancelled', runId: id });
      return signOutcome(token, id, { status: 'cancelled' });
    }
    this.running.add(id);
    void this.beat().catch(() => {});
    try {
      await fetchInputs(this.redis, this.opts.inputsDir, workflow);
      const stored = new Set<string>();
      const filesOf = async (names: string[]) => {
        const fresh = names.filter((name) => !stored.has(name));
        for (const name of fresh) stored.add(name);
        return fresh.length ? storeOutputs(this.redis, this.opts.outputsDir, fresh) : undefined;
      };
      // Events are published one after another in engine order; previews are dropped when they pile up.
      let chain = Promise.resolve();
      let pendingPreviews = 0;
      const onEvent = (event: EngineEvent) => {
        if (event.type === 'node.preview') {
          if (pendingPreviews >= MAX_PENDING_PREVIEWS) return;
          pendingPreviews++;
        }
        chain = chain.then(async () => {
          if (event.type === 'node.preview') pendingPreviews--;
          const names =
            event.type === 'node.done'
              ? (event.display?.images ?? []).map((image) => image.file)
              : event.type === 'run.done'
                ? event.files
                : [];
          await send(event, await filesOf(names));
        });
      };
      const controller = new AbortController();
      signal?.addEventListener('abort', () => controller.abort('cancelled'), { once: true });
      const checked = await revalidateStored(this.opts.engine, workflow);
      if ('error' in checked) {
        await send({ type: 'run.error', runId: id, ...checked.error });
        return signOutcome(token, id, { status: 'error', error: checked.error });
      }
      const result = await this.opts.engine.run(id, checked.workflow, { signal: controller.signal, onEvent });
      await chain;
      const outcome = { status: result.status, outputs: result.outputs, files: result.files };
      return signOutcome(token, id, result.error ? { ...outcome, error: result.error } : outcome);
    } finally {
      this.running.delete(id);
      void this.beat().catch(() => {});
    }
  }
}
