/**
 * The run queue as routes and the WebSocket hub see it. The in-process implementation (sqlite-queue.ts) keeps
 * the queue in SQLite and runs one executor in this process (the model owner); the Redis/BullMQ one
 * (redis/redis-queue.ts) leaves execution to worker processes and relays their events through 'event'.
 */
import type { EngineEvent } from '../../core/events.ts';
import type { QueueState, RunDetail, RunSummary } from '../../core/protocol.ts';
import type { ValidatedWorkflow } from '../../core/workflow/validate.ts';
import type { Engine } from '../engine/index.ts';

/**
 * What the executor needs from the engine (a remote worker would provide the same): run() takes only a
 * ValidatedWorkflow, so a workflow read back from storage goes through validate() first.
 */
export type RunExecutor = Pick<Engine, 'run' | 'validate'>;

export type CancelResult = 'cancelled' | 'cancelling' | 'already-finished' | 'not-found';
export type MoveResult = { position: number } | 'not-queued' | 'not-found';
/** The embedded queue answers at once; the Redis one asks Redis first. */
type Answer<T> = T | Promise<T>;

export interface QueueEvents {
  /** The queue changed: a run was added, started, finished, cancelled or moved; or it was paused/resumed. */
  changed: (state: QueueState) => void;
  /** An engine event of a run (the run's own record is already updated when a terminal event arrives). */
  event: (event: EngineEvent, clientId: string | undefined) => void;
}

export interface RunQueue {
  /** Add a validated workflow at the end; returns its id and queue position (0 = next). */
  enqueue(workflow: ValidatedWorkflow, clientId?: string): Answer<{ id: string; position: number }>;
  /** Cancel a queued run at once, or ask the running one to stop (its status follows from the engine). */
  cancel(id: string): Answer<CancelResult>;
  /** Stop starting new runs (the running one finishes); persisted across restarts. */
  pause(): Answer<void>;
  resume(): Answer<void>;
  /** Move a queued run to a new position (clamped to the queue). */
  move(id: string, position: number): Answer<MoveResult>;
  state(): Answer<QueueState>;
  /** The running run and the queued runs in order. */
  active(): Answer<RunSummary[]>;
  history(offset: number, limit: number): Answer<{ runs: RunSummary[]; total: number }>;
  get(id: string): Answer<RunDetail | undefined>;
  on<E extends keyof QueueEvents>(event: E, listener: QueueEvents[E]): unknown;
  off<E extends keyof QueueEvents>(event: E, listener: QueueEvents[E]): unknown;
  /** Begin executing (after crash recovery). */
  start(): void;
  /** Graceful shutdown: start nothing more; the running run is aborted and recorded as 'interrupted'. */
  close(): Promise<void>;
}
