/**
 * The run queue as routes and the WebSocket hub see it. The in-process implementation (sqlite-queue.ts) keeps
 * the queue in SQLite and runs one executor in this process (the model owner); a Redis/BullMQ implementation
 * with several workers can implement the same interface (relaying worker events through 'event') without any
 * change to the routes, the hub or the editor.
 */
import type { EngineEvent } from '../../core/events.ts';
import type { QueueState, RunDetail, RunSummary } from '../../core/protocol.ts';
import type { Workflow } from '../../core/workflow/schema.ts';
import type { Engine } from '../engine/index.ts';

/** What the executor needs from the engine: its run() (a remote worker would provide the same). */
export type RunExecutor = Pick<Engine, 'run'>;

export type CancelResult = 'cancelled' | 'cancelling' | 'already-finished' | 'not-found';
export type MoveResult = { position: number } | 'not-queued' | 'not-found';

export interface QueueEvents {
  /** The queue changed: a run was added, started, finished, cancelled or moved; or it was paused/resumed. */
  changed: (state: QueueState) => void;
  /** An engine event of a run (the run's own record is already updated when a terminal event arrives). */
  event: (event: EngineEvent, clientId: string | undefined) => void;
}

export interface RunQueue {
  /** Add a validated workflow at the end; returns its id and queue position (0 = next). */
  enqueue(workflow: Workflow, clientId?: string): { id: string; position: number };
  /** Cancel a queued run at once, or ask the running one to stop (its status follows from the engine). */
  cancel(id: string): CancelResult;
  /** Stop starting new runs (the running one finishes); persisted across restarts. */
  pause(): void;
  resume(): void;
  /** Move a queued run to a new position (clamped to the queue). */
  move(id: string, position: number): MoveResult;
  state(): QueueState;
  /** The running run and the queued runs in order. */
  active(): RunSummary[];
  history(offset: number, limit: number): { runs: RunSummary[]; total: number };
  get(id: string): RunDetail | undefined;
  on<E extends keyof QueueEvents>(event: E, listener: QueueEvents[E]): unknown;
  off<E extends keyof QueueEvents>(event: E, listener: QueueEvents[E]): unknown;
  /** Begin executing (after crash recovery). */
  start(): void;
  /** Graceful shutdown: start nothing more; the running run is aborted and recorded as 'interrupted'. */
  close(): Promise<void>;
}
