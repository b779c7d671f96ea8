/** The in-process queue: runs stored in SQLite, one executor loop that owns the models and runs them in order. */
import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { EngineEvent } from '../../core/events.ts';
import type { QueueState, RunDetail, RunSummary } from '../../core/protocol.ts';
import type { ValidatedWorkflow } from '../../core/workflow/validate.ts';
import { type Db, readSetting, writeSetting } from '../store/database.ts';
import { type RunOutcome, RunStore, runError } from '../store/run-store.ts';
import type { CancelResult, MoveResult, QueueEvents, RunExecutor, RunQueue } from './queue.ts';
import { revalidateStored } from './revalidate.ts';

const PAUSED_SETTING = 'queue.paused';
/** How long close() waits for the running run to notice its abort before giving up on it. */
const CLOSE_WAIT_MS = 10_000;
const SHUTDOWN_OUTCOME: RunOutcome = {
  status: 'interrupted',
  error: { message: 'the server shut down while this run was executing' },
};

interface ActiveRun {
  id: string;
  clientId: string | undefined;
  controller: AbortController;
  done: Promise<void>;
}

export class SqliteRunQueue extends EventEmitter implements RunQueue {
  private readonly store: RunStore;
  private paused: boolean;
  private closing = false;
  private started = false;
  private current: ActiveRun | undefined;

  constructor(
    private readonly db: Db,
    private readonly executor: RunExecutor,
  ) {
    super();
    this.store = new RunStore(db);
    this.paused = readSetting(db, PAUSED_SETTING) === 'true';
  }

  override on<E extends keyof QueueEvents>(event: E, listener: QueueEvents[E]): this {
    return super.on(event, listener);
  }
  override off<E extends keyof QueueEvents>(event: E, listener: QueueEvents[E]): this {
    return super.off(event, listener);
  }

  start(): void {
    if (this.started) return;
    this.started = true;
    this.store.interruptStaleRuns();
    this.pump();
  }

  enqueue(workflow: ValidatedWorkflow, clientId?: string): { id: string; position: number } {
    const id = randomUUID();
    this.store.insertQueued({ id, workflow, ...(clientId ? { clientId } : {}) });
    const position = this.store.queuedIds().indexOf(id);
    this.changed();
    this.pump();
    return { id, position };
  }

  cancel(id: string): CancelResult {
    if (this.current?.id === id) {
      this.current.controller.abort('cancelled');
      return 'cancelling';
    }
    const run = this.store.get(id);
    if (!run) return 'not-found';
    if (!this.store.finish(id, { status: 'cancelled' })) return 'already-finished';
    this.changed();
    this.emit('event', { type: 'run.cancelled', runId: id } satisfies EngineEvent, run.clientId);
    return 'cancelled';
  }

  pause(): void {
    this.setPaused(true);
  }

  resume(): void {
    this.setPaused(false);
    this.pump();
  }

  move(id: string, position: number): MoveResult {
    const moved = this.store.move(id, position);
    if (moved !== null) {
      this.changed();
      return { position: moved };
    }
    return this.store.get(id) ? 'not-queued' : 'not-found';
  }

  state(): QueueState {
    const state: QueueState = { paused: this.paused, queued: this.store.queuedIds() };
    if (this.current) state.running = this.current.id;
    return state;
  }

  active(): RunSummary[] {
    return this.store.activeSummaries();
  }

  history(offset: number, limit: number): { runs: RunSummary[]; total: number } {
    return this.store.history(offset, limit);
  }

  get(id: string): RunDetail | undefined {
    return this.store.get(id);
  }

  async close(): Promise<void> {
    this.closing = true;
    const running = this.current;
    if (!running) return;
    running.controller.abort('shutdown');
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, CLOSE_WAIT_MS);
    });
    await Promise.race([running.done, timeout]);
    clearTimeout(timer);
    // When the engine did not stop in time, the run is recorded here (a no-op when it already was).
    this.store.finish(running.id, SHUTDOWN_OUTCOME);
  }

  private setPaused(paused: boolean): void {
    if (this.paused === paused) return;
    this.paused = paused;
    writeSetting(this.db, PAUSED_SETTING, String(paused));
    this.changed();
  }

  private changed(): void {
    if (!this.closing) this.emit('changed', this.state());
  }

  /** Start the next queued run unless one is running, the queue is paused or the server is closing. */
  private pump(): void {
    if (!this.started || this.current || this.paused || this.closing) return;
    const id = this.store.queuedIds().find((queued) => this.store.markRunning(queued));
    if (!id) return;
    const run = this.store.get(id) as RunDetail;
    let finished!: () => void;
    const active: ActiveRun = {
      id,
      clientId: run.clientId,
      controller: new AbortController(),
      done: new Promise<void>((resolve) => {
        finished = resolve;
      }),
    };
    this.current = active;
    this.changed();
    void this.execute(active, run).finally(() => {
      this.current = undefined;
      finished();
      this.changed();
      setImmediate(() => this.pump());
    });
  }

  private async execute(active: ActiveRun, run: RunDetail): Promise<void> {
    const { id, clientId, controller } = active;
    let recorded = false;
    /** Record the outcome before relaying the terminal event, so a client that reacts to it reads the record. */
    const record = (outcome: RunOutcome) => {
      if (recorded) return;
      recorded = true;
      // A run stopped by shutdown is 'interrupted', not 'cancelled'; one that finished meanwhile keeps its result.
      this.store.finish(id, this.closing && outcome.status === 'cancelled' ? SHUTDOWN_OUTCOME : outcome);
    };
    /** Each file is in the run record as soon as it is written, so an interrupted run lists what it made. */
    const onFile = (file: string) => this.store.appendFile(id, file);
    const relay = (event: EngineEvent) => {
      if (event.type === 'run.done') record({ status: 'done', outputs: event.outputs, files: event.files });
      else if (event.type === 'run.error')
        record({ status: 'error', error: runError(event.node, event.message) });
      else if (event.type === 'run.cancelled') record({ status: 'cancelled' });
      this.emit('event', event, clientId);
    };
    try {
      const checked = await revalidateStored(this.executor, run.workflow);
      if ('error' in checked) {
        relay({ type: 'run.error', runId: id, ...checked.error });
        return;
      }
      const result = await this.executor.run(id, checked.workflow, {
        signal: controller.signal,
        onEvent: relay,
        onFile,
      });
      if (!recorded) {
        const outcome: RunOutcome = { status: result.status, outputs: result.outputs, files: result.files };
        if (result.error) outcome.error = runError(result.error.node, result.error.message);
        record(outcome);
      } else if (result.status !== 'done' && result.files.length > 0) {
        // Images saved before an error or a cancel stay on disk: keep them in the record too.
        this.store.attachOutputs(id, result.outputs, result.files);
      }
    } catch (error) {
      // The engine reports failures as results; a throw is a bug: record it without leaking internals.
      console.error(`run ${id} failed inside the engine:`, error);
      const message = 'internal error while executing the run';
      if (!recorded) relay({ type: 'run.error', runId: id, message });
    }
  }
}
