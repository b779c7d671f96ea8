/**
 * Run records in Redis mode: one JSON value per run (`unclip:run:<id>`, the same RunDetail the SQLite store
 * returns) and the history as a sorted set by finish time. Kept in Redis, next to the queue, so that every
 * API server behind a load balancer reads the same records without another database; bounded by
 * `HISTORY_LIMIT` (the oldest finished records are deleted beyond it).
 */
import type { Redis } from 'ioredis';
import type { EngineEvent } from '../../../core/events.ts';
import type { NodeDisplay } from '../../../core/node-spec.ts';
import type { RunDetail, RunSummary } from '../../../core/protocol.ts';
import type { Workflow } from '../../../core/workflow/schema.ts';
import type { RunOutcome } from '../../store/run-store.ts';
import { KEYS } from './connection.ts';

export const HISTORY_LIMIT = 10_000;
const FINISHED = new Set(['done', 'error', 'cancelled', 'interrupted']);

export class RunRecords {
  constructor(
    private readonly redis: Redis,
    private readonly historyLimit = HISTORY_LIMIT,
  ) {}

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

  /** A worker began (or, after a stall, began again) executing the run. */
  async markRunning(id: string, at: string): Promise<void> {
    const run = await this.get(id);
    if (!run || FINISHED.has(run.status)) return;
    const { position: _, ...rest } = run;
    await this.redis.set(KEYS.run(id), JSON.stringify({ ...rest, status: 'running', startedAt: at }));
  }

  /** Record how the run ended; false when it had already ended (the first outcome stays). */
  async finish(id: string, outcome: RunOutcome, at = new Date().toISOString()): Promise<boolean> {
    const run = await this.get(id);
    if (!run || FINISHED.has(run.status)) return false;
    const { position: _, ...rest } = run;
    const record: RunDetail = { ...rest, status: outcome.status, finishedAt: at };
    if (outcome.outputs) record.outputs = outcome.outputs;
    if (outcome.files) record.files = outcome.files;
    if (outcome.error) record.error = outcome.error;
    await this.redis
      .multi()
      .set(KEYS.run(id), JSON.stringify(record))
      .zadd(KEYS.history, Date.parse(at), id)
      .exec();
    await this.trim();
    return true;
  }

  /** What a run's event says about its record: it started, or how it ended. */
  async apply(event: EngineEvent, at: string): Promise<void> {
    const id = event.runId;
    if (event.type === 'run.start') await this.markRunning(id, at);
    else if (event.type === 'run.done')
      await this.finish(id, { status: 'done', outputs: event.outputs, files: event.files }, at);
    else if (event.type === 'run.error') {
      const error = event.node ? { node: event.node, message: event.message } : { message: event.message };
      await this.finish(id, { status: 'error', error }, at);
    } else if (event.type === 'run.cancelled') await this.finish(id, { status: 'cancelled' }, at);
  }

  /** A job's (verified) outcome: records the run if its terminal event was missed, else adds partial outputs. */
  async settle(id: string, outcome: RunOutcome): Promise<void> {
    if ((await this.finish(id, outcome)) || !outcome.files?.length || outcome.status === 'done') return;
    await this.attachOutputs(id, outcome.outputs ?? {}, outcome.files);
  }

  /** Outputs a run produced before it stopped with an error or a cancel. */
  async attachOutputs(id: string, outputs: Record<string, NodeDisplay>, files: string[]): Promise<void> {
    const run = await this.get(id);
    if (!run) return;
    await this.redis.set(KEYS.run(id), JSON.stringify({ ...run, outputs, files }));
  }

  /** Finished runs, most recently finished first. */
  async history(offset: number, limit: number): Promise<{ runs: RunSummary[]; total: number }> {
    const [ids, total] = await Promise.all([
      this.redis.zrevrange(KEYS.history, offset, offset + limit - 1),
      this.redis.zcard(KEYS.history),
    ]);
    return { runs: await this.summaries(ids), total };
  }

  private async trim(): Promise<void> {
    const excess = (await this.redis.zcard(KEYS.history)) - this.historyLimit;
    if (excess <= 0) return;
    const old = await this.redis.zrange(KEYS.history, '0', String(excess - 1));
    await this.redis
      .multi()
      .del(...old.map(KEYS.run))
      .zrem(KEYS.history, ...old)
      .exec();
  }
}
