/**
 * Run records in Redis mode: one JSON value per run (`unclip:run:<id>`, the same RunDetail the SQLite store
 * returns) and the history as a sorted set by finish time. Kept in Redis, next to the queue, so that every
 * API server behind a load balancer reads the same records without another database; bounded by
 * `HISTORY_LIMIT` (the oldest finished records are deleted beyond it).
 *
 * Several API servers write the same record (each relays every event; a cancel can race a run.done), so each
 * change is a compare-and-set: read the record, compute the next one, and write it with one Lua script only if
 * the record is still what was read (else read again). Finished records never change status again, and the
 * same event applied by several servers changes a record once.
 */
import type { Redis } from 'ioredis';
import type { EngineEvent } from '../../../core/events.ts';
import type { NodeDisplay } from '../../../core/node-spec.ts';
import type { RunDetail, RunSummary } from '../../../core/protocol.ts';
import type { Workflow } from '../../../core/workflow/schema.ts';
import { type RunOutcome, runError } from '../../store/run-store.ts';
import { KEYS } from './connection.ts';

export const HISTORY_LIMIT = 10_000;
const FINISHED = new Set(['done', 'error', 'cancelled', 'interrupted']);

/**
 * KEYS: the run, the history. ARGV: the record as read, the new record, and for a run that just finished its
 * history score, id, the history limit and the run key prefix (the oldest records beyond the limit go).
 */
const SWAP_RECORD = `
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[1], ARGV[2])
if ARGV[3] == '' then return 1 end
redis.call('ZADD', KEYS[2], ARGV[3], ARGV[4])
local excess = redis.call('ZCARD', KEYS[2]) - tonumber(ARGV[5])
if excess > 0 then
  for _, old in ipairs(redis.call('ZRANGE', KEYS[2], 0, excess - 1)) do
    redis.call('DEL', ARGV[6] .. old)
    redis.call('ZREM', KEYS[2], old)
  end
end
return 1`;

type SwapRecord = (run: string, history: string, ...args: string[]) => Promise<number>;

export class RunRecords {
  private readonly swap: SwapRecord;

  constructor(
    private readonly redis: Redis,
    private readonly historyLimit = HISTORY_LIMIT,
  ) {
    redis.defineCommand('unclipSwapRecord', { numberOfKeys: 2, lua: SWAP_RECORD });
    const commands = redis as unknown as { unclipSwapRecord: SwapRecord };
    this.swap = (...args) => commands.unclipSwapRecord(...args);
  }

  async insertQueued(run: { id: string; workflow: Workflow; clientId?: string }): Promise<void> {
    const record: RunDetail = {
      id: run.id,
      name: run.workflow.name,
      status: 'queued',
      createdAt: new Date().toISOString(),
      workflow: run.workflow,
      ...(run.clientId ? { clientId: run.clientId } : {}),
    };
    await this.redis.set(KEYS.run(run.id), JSON.stringify(record));
  }

  async get(id: string): Promise<RunDetail | undefined> {
    const text = await this.redis.get(KEYS.run(id));
    return text ? (JSON.parse(text) as RunDetail) : undefined;
  }

  /** Records of these ids in the same order (missing ones left out), without their workflows. */
  async summaries(ids: string[]): Promise<RunSummary[]> {
    if (ids.length === 0) return [];
    const texts = await this.redis.mget(ids.map(KEYS.run));
    return texts.flatMap((text) => {
      if (!text) return [];
      const { workflow: _, ...summary } = JSON.parse(text) as RunDetail;
      return [summary];
    });
  }

  /** A worker began executing the run (again after a stall: the first start time stays). */
  async markRunning(id: string, at: string): Promise<void> {
    await this.update(id, (run) => {
      if (run.status !== 'queued') return undefined;
      const { position: _, ...rest } = run;
      return { ...rest, status: 'running', startedAt: at };
    });
  }

  /** Record how the run ended; false when it had already ended (the first outcome stays). */
  finish(id: string, outcome: RunOutcome, at = new Date().toISOString()): Promise<boolean> {
    return this.update(
      id,
      (run) => {
        if (FINISHED.has(run.status)) return undefined;
        const { position: _, ...rest } = run;
        const record: RunDetail = { ...rest, status: outcome.status, finishedAt: at };
        if (outcome.outputs) record.outputs = outcome.outputs;
        if (outcome.files) record.files = outcome.files;
        if (outcome.error) record.error = outcome.error;
        return record;
      },
      at,
    );
  }

  /** What a run's event says about its record: it started, or how it ended. */
  async apply(event: EngineEvent, at: string): Promise<void> {
    const id = event.runId;
    if (event.type === 'run.start') await this.markRunning(id, at);
    else if (event.type === 'run.done')
      await this.finish(id, { status: 'done', outputs: event.outputs, files: event.files }, at);
    else if (event.type === 'run.error') {
      await this.finish(id, { status: 'error', error: runError(event.node, event.message) }, at);
    } else if (event.type === 'run.cancelled') await this.finish(id, { status: 'cancelled' }, at);
  }

  /** A job's (verified) outcome: records the run if its terminal event was missed, else adds partial outputs. */
  async settle(id: string, outcome: RunOutcome): Promise<void> {
    if ((await this.finish(id, outcome)) || !outcome.files?.length || outcome.status === 'done') return;
    await this.attachOutputs(id, outcome.outputs ?? {}, outcome.files);
  }

  /** Outputs a run that stopped with an error or a cancel produced before (added to what it has). */
  async attachOutputs(id: string, outputs: Record<string, NodeDisplay>, files: string[]): Promise<void> {
    await this.update(id, (run) => {
      const added = files.filter((file) => !run.files?.includes(file));
      // A run that is not finished yet gets them when it finishes; a done run's run.done named all of its own.
      if (!FINISHED.has(run.status) || run.status === 'done' || added.length === 0) return undefined;
      return { ...run, outputs: { ...outputs, ...run.outputs }, files: [...(run.files ?? []), ...added] };
    });
  }

  /** Finished runs, most recently finished first. */
  async history(offset: number, limit: number): Promise<{ runs: RunSummary[]; total: number }> {
    const [ids, total] = await Promise.all([
      this.redis.zrevrange(KEYS.history, offset, offset + limit - 1),
      this.redis.zcard(KEYS.history),
    ]);
    return { runs: await this.summaries(ids), total };
  }

  /**
   * Change the record with `next` (undefined: leave it) as one compare-and-set, read again when another
   * server changed it meanwhile; `finishedAt` also enters it in the history. True when this call changed it.
   */
  private async update(
    id: string,
    next: (run: RunDetail) => RunDetail | undefined,
    finishedAt?: string,
  ): Promise<boolean> {
    const history = finishedAt
      ? [String(Date.parse(finishedAt)), id, String(this.historyLimit), KEYS.run('')]
      : [''];
    for (;;) {
      const text = await this.redis.get(KEYS.run(id));
      const record = text ? next(JSON.parse(text) as RunDetail) : undefined;
      if (!text || !record) return false;
      if ((await this.swap(KEYS.run(id), KEYS.history, text, JSON.stringify(record), ...history)) === 1)
        return true;
    }
  }
}
