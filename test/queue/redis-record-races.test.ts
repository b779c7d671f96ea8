/**
 * Run records under concurrent writers: two API servers (two RunRecords on two connections) relay the same
 * signed events, a cancel races a run.done, a job's outcome races the run's terminal event. Every record ends
 * finished, with the first outcome kept, files not lost, and the history trimmed to its limit exactly.
 */
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EngineEvent } from '../../core/events.ts';
import { connect, KEYS } from '../../server/queue/redis/connection.ts';
import { RunRecords } from '../../server/queue/redis/run-records.ts';
import { similarityWorkflow } from './cheap-workflows.ts';
import { startRedis, stopAll, WORKER_TOKEN } from './redis-harness.ts';

const RUNS = 150;
const at = () => new Date().toISOString();

describe('Redis run records with two API servers writing at once', () => {
  let first: Redis;
  let second: Redis;

  beforeAll(async () => {
    const redis = await startRedis();
    const settings = { url: redis.url, workerToken: WORKER_TOKEN };
    [first, second] = [connect(settings, 'records-a'), connect(settings, 'records-b')];
  });
  afterAll(async () => {
    first?.disconnect();
    second?.disconnect();
    await stopAll();
  });

  /** `count` fresh queued runs, inserted through `records`. */
  async function queuedRuns(records: RunRecords, prefix: string, count = RUNS): Promise<string[]> {
    const ids = Array.from({ length: count }, (_, i) => `${prefix}-${i}`);
    await Promise.all(ids.map((id) => records.insertQueued({ id, workflow: similarityWorkflow() })));
    return ids;
  }

  it('never moves a finished run back, and applies duplicated events once', async () => {
    const [a, b] = [new RunRecords(first), new RunRecords(second)];
    const ids = await queuedRuns(a, 'relay');
    const done = (id: string): EngineEvent => ({
      type: 'run.done',
      runId: id,
      outputs: {},
      files: [`${id}.png`],
      ms: 5,
    });
    const start = (id: string): EngineEvent => ({ type: 'run.start', runId: id, nodes: [] });
    // Both servers relay the same start and done events; a late start races the done on every run.
    await Promise.all(
      ids.flatMap((id) => [
        a.apply(start(id), at()),
        b.apply(done(id), at()),
        b.apply(start(id), at()),
        a.apply(done(id), at()),
      ]),
    );
    for (const id of ids) {
      const run = await b.get(id);
      expect({ id, status: run?.status, files: run?.files }).toEqual({
        id,
        status: 'done',
        files: [`${id}.png`],
      });
    }
    const history = await a.history(0, RUNS * 2);
    expect(history.total).toBe(RUNS);
    expect(new Set(history.runs.map((run) => run.id))).toEqual(new Set(ids));
  });

  it('lets at most one of a cancel and a run.done win, keeps its files and partial outputs', async () => {
    const [a, b] = [new RunRecords(first), new RunRecords(second)];
    const ids = await queuedRuns(a, 'race');
    await Promise.all(ids.map((id) => a.markRunning(id, at())));
    const wins = await Promise.all(
      ids.map(async (id) => {
        const [cancelled, finished] = await Promise.all([
          a.finish(id, { status: 'cancelled' }),
          b.finish(id, { status: 'done', outputs: {}, files: [`${id}.png`] }),
          // The cancelled job's signed outcome names the files it wrote before it stopped.
          a.settle(id, { status: 'cancelled', files: [`${id}-partial.png`] }),
        ]);
        return { id, cancelled, finished };
      }),
    );
    for (const { id, cancelled, finished } of wins) {
      // The settle may finish the run first (then neither finish wins), never both finishes.
      expect({ id, bothWon: cancelled && finished }).toEqual({ id, bothWon: false });
      const run = await a.get(id);
      expect(run?.status).toBe(finished ? 'done' : 'cancelled');
      if (finished) expect(run?.files).toEqual([`${id}.png`]);
      else expect(run?.files).toContain(`${id}-partial.png`);
    }
  });

  it('trims the history to its limit exactly while both servers finish runs', async () => {
    await first.del(KEYS.history);
    const limit = 20;
    const [a, b] = [new RunRecords(first, limit), new RunRecords(second, limit)];
    const ids = await queuedRuns(a, 'trim');
    await Promise.all(ids.map((id, i) => (i % 2 ? a : b).finish(id, { status: 'done', files: [] })));
    const kept = await a.history(0, RUNS);
    expect(kept.total).toBe(limit);
    const present = await Promise.all(ids.map((id) => first.exists(KEYS.run(id))));
    expect(present.filter(Boolean)).toHaveLength(limit);
    for (const run of kept.runs) expect(await b.get(run.id)).toBeDefined();
  });
});
