/**
 * The run queue on BullMQ + Redis, as an API server sees it: queueing (priority = order), cancel, pause (kept
 * in Redis by BullMQ), reorder, the records (run-records.ts) and the events every worker publishes
 * (event-stream.ts), relayed to this server's WebSocket clients. Executes nothing itself: workers do.
 */
import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { Queue, QueueEvents } from 'bullmq';
import type { Redis } from 'ioredis';
import type { EngineEvent } from '../../../core/events.ts';
import type { QueueState, RunDetail, RunSummary, WorkerInfo } from '../../../core/protocol.ts';
import type { Workflow } from '../../../core/workflow/schema.ts';
import type { CancelResult, MoveResult, RunQueue, QueueEvents as RunQueueEvents } from '../queue.ts';
import { answers, connect, KEY_PREFIX, KEYS, QUEUE_NAME, type RedisSettings, within } from './connection.ts';
import { EventStreamReader, publishEvent, type StreamEntry } from './event-stream.ts';
import { persistOutputs, storeInputs } from './file-transfer.ts';
import { verifiedOutcome } from './outcome.ts';
import { moveRun, nextPriority, queueIds } from './queue-order.ts';
import { RunRecords } from './run-records.ts';
import type { JobData, RunWorker } from './run-worker.ts';
import { listWorkers } from './worker-registry.ts';

/** How long a cancel request for a running run stays visible to a worker that takes it late. */
const CANCEL_FLAG_S = 3600;
/** The most that closing waits for Redis; much less when it is already unreachable (nothing is left to save). */
const CLOSE_MS = 2000;
const CLOSE_UNREACHABLE_MS = 300;
const LOCAL_RUN_GRACE_MS = 10_000;
/** QueueEvents' blocking XREAD: BullMQ's guard timer for it (this + 1 s) outlives close() while Redis is down. */
const EVENTS_BLOCK_MS = 1000;
const QUEUED_STATES = new Set(['waiting', 'prioritized', 'delayed', 'paused', 'wait']);

export class RedisRunQueue extends EventEmitter implements RunQueue {
  private readonly redis: Redis;
  private readonly subscriber: Redis;
  /** BullMQ leaves connections it was given open: these are closed here. */
  private readonly bullConnections: Redis[];
  private readonly queue: Queue<JobData>;
  private readonly queueEvents: QueueEvents;
  private readonly records: RunRecords;
  private readonly reader: EventStreamReader;
  private refreshing: Promise<void> | undefined;
  private refreshAgain = false;
  private closed = false;

  constructor(
    private readonly settings: RedisSettings,
    private readonly dirs: { inputsDir: string; outputsDir: string },
    /** A worker in this process (`--local-worker`), closed with the queue. */
    private readonly localWorker?: RunWorker,
  ) {
    super();
    this.redis = connect(settings, 'api');
    this.subscriber = connect(settings, 'api-changes');
    this.records = new RunRecords(this.redis);
    this.bullConnections = [connect(settings, 'api-queue'), connect(settings, 'api-events')];
    this.queue = new Queue<JobData>(QUEUE_NAME, {
      connection: this.bullConnections[0] as Redis,
      prefix: KEY_PREFIX,
    });
    this.queue.on('error', () => {});
    this.queueEvents = new QueueEvents(QUEUE_NAME, {
      connection: this.bullConnections[1] as Redis,
      prefix: KEY_PREFIX,
      blockingTimeout: EVENTS_BLOCK_MS,
    });
    this.queueEvents.on('error', () => {});
    for (const name of ['waiting', 'active', 'removed', 'paused', 'resumed', 'stalled'] as const)
      this.queueEvents.on(name, () => this.refresh());
    this.queueEvents.on('completed', ({ jobId, returnvalue }) => void this.settle(jobId, returnvalue));
    this.queueEvents.on('failed', ({ jobId, failedReason }) => void this.fail(jobId, failedReason));
    void this.subscriber.subscribe(KEYS.changedChannel);
    this.subscriber.on('message', () => this.refresh());
    this.reader = new EventStreamReader(connect(settings, 'api-stream'), settings.workerToken, (e) =>
      this.relay(e),
    );
  }

  override on<E extends keyof RunQueueEvents>(event: E, listener: RunQueueEvents[E]): this {
    return super.on(event, listener);
  }
  override off<E extends keyof RunQueueEvents>(event: E, listener: RunQueueEvents[E]): this {
    return super.off(event, listener);
  }

  start(): void {
    this.refresh();
  }

  async ready(): Promise<void> {
    await Promise.all([
      this.queue.waitUntilReady(),
      this.queueEvents.waitUntilReady(),
      this.localWorker?.ready(),
    ]);
  }

  async enqueue(workflow: Workflow, clientId?: string): Promise<{ id: string; position: number }> {
    const id = randomUUID();
    await storeInputs(this.redis, this.dirs.inputsDir, workflow);
    await this.records.insertQueued({ id, workflow, ...(clientId ? { clientId } : {}) });
    const priority = await nextPriority(this.queue, this.redis);
    await this.queue.add('run', { workflow, ...(clientId ? { clientId } : {}) }, { jobId: id, priority });
    const { queued } = await queueIds(this.queue);
    await this.changed();
    return { id, position: Math.max(0, queued.indexOf(id)) };
  }

  async cancel(id: string): Promise<CancelResult> {
    const run = await this.records.get(id);
    if (!run) return 'not-found';
    if (run.status !== 'queued' && run.status !== 'running') return 'already-finished';
    const job = await this.queue.getJob(id);
    const state = job ? await job.getState() : 'unknown';
    let removed = !job;
    if (job && QUEUED_STATES.has(state))
      removed = await job.remove().then(
        () => true,
        () => false,
      );
    if (!removed) {
      // Running (or just taken) on some worker: it aborts on this message, or finds the flag when it starts.
      await this.redis.set(KEYS.cancelFlag(id), '1', 'EX', CANCEL_FLAG_S);
      await this.redis.publish(KEYS.cancelChannel, id);
      return 'cancelling';
    }
    if (!(await this.records.finish(id, { status: 'cancelled' }))) return 'already-finished';
    await this.publish({ type: 'run.cancelled', runId: id }, run.clientId);
    await this.changed();
    return 'cancelled';
  }

  async pause(): Promise<void> {
    await this.queue.pause();
    await this.changed();
  }

  async resume(): Promise<void> {
    await this.queue.resume();
    await this.changed();
  }

  async move(id: string, position: number): Promise<MoveResult> {
    const moved = await moveRun(this.queue, id, position);
    if (moved === null) return (await this.records.get(id)) ? 'not-queued' : 'not-found';
    await this.changed();
    return { position: moved };
  }

  async state(): Promise<QueueState> {
    const [paused, { running, queued }] = await Promise.all([this.queue.isPaused(), queueIds(this.queue)]);
    const state: QueueState = { paused, queued };
    if (running[0]) state.running = running[0];
    return state;
  }

  async active(): Promise<RunSummary[]> {
    const { running, queued } = await queueIds(this.queue);
    const runs = await this.records.summaries([...running, ...queued]);
    const order = new Map(queued.map((id, index) => [id, index]));
    return runs.map((run) => (order.has(run.id) ? { ...run, position: order.get(run.id) } : run));
  }

  history(offset: number, limit: number): Promise<{ runs: RunSummary[]; total: number }> {
    return this.records.history(offset, limit);
  }

  async get(id: string): Promise<RunDetail | undefined> {
    const run = await this.records.get(id);
    if (run?.status !== 'queued') return run;
    const position = (await queueIds(this.queue)).queued.indexOf(id);
    return position >= 0 ? { ...run, position } : run;
  }

  workers(): Promise<WorkerInfo[]> {
    return listWorkers(this.redis);
  }

  async close(): Promise<void> {
    this.closed = true;
    // The local worker may finish its run while Redis is up; with Redis down it could not report it anyway.
    const reachable = await answers(this.redis);
    await within(this.localWorker?.close(), reachable ? LOCAL_RUN_GRACE_MS : CLOSE_MS);
    // One deadline for every graceful close: each one waits on Redis, which must not keep the server up.
    const closes = Promise.all([this.reader.close(), this.queueEvents.close(), this.queue.close()]);
    await within(closes, reachable ? CLOSE_MS : CLOSE_UNREACHABLE_MS);
    for (const connection of [this.subscriber, this.redis, ...this.bullConnections]) connection.disconnect();
  }

  /** A verified worker event: keep its files, update the record, then relay it to this server's clients. */
  private async relay({ event, clientId, files }: StreamEntry): Promise<void> {
    if (files) await persistOutputs(this.redis, this.dirs.outputsDir, files);
    await this.records.apply(event, new Date().toISOString());
    this.emit('event', event, clientId);
  }

  /** A job completed: record it from its signed outcome when its terminal event was missed. */
  private async settle(id: string, returnvalue: unknown): Promise<void> {
    const outcome = verifiedOutcome(this.settings.workerToken, id, returnvalue);
    if (outcome) await this.records.settle(id, outcome);
    this.refresh();
  }

  /** A job failed (its worker died twice, or lost Redis mid-run): the run ends with an error all clients see. */
  private async fail(id: string, reason: string): Promise<void> {
    const run = await this.records.get(id);
    const message = `the run failed on its worker: ${reason}`;
    // Every API server hears of the failure: only the one whose record change wins tells the clients.
    if (run && (await this.records.finish(id, { status: 'error', error: { message } })))
      await this.publish({ type: 'run.error', runId: id, message }, run.clientId);
    this.refresh();
  }

  private publish(event: EngineEvent, clientId: string | undefined): Promise<void> {
    return publishEvent(this.redis, this.settings.workerToken, { event, ...(clientId ? { clientId } : {}) });
  }

  /** Tell every API server (this one included) that the queue changed. */
  private async changed(): Promise<void> {
    await this.redis.publish(KEYS.changedChannel, '1');
  }

  /** Recompute the state and emit it; changes that arrive meanwhile cause one more pass, not one each. */
  private refresh(): void {
    if (this.closed) return;
    if (this.refreshing) {
      this.refreshAgain = true;
      return;
    }
    this.refreshing = (async () => {
      do {
        this.refreshAgain = false;
        const state = await this.state().catch(() => undefined);
        if (state && !this.closed) this.emit('changed', state);
      } while (this.refreshAgain && !this.closed);
      this.refreshing = undefined;
    })();
  }
}
