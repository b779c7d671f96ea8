/**
 * Queue semantics in Redis mode across processes (an API server and two workers on one redis-server):
 * pause kept across an API restart, reorder by priority, cancel of a queued run, a worker stopped with
 * SIGTERM finishing its run, and a run whose worker dies twice marked failed instead of retried forever.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { QueueState, RunDetail, WorkersResponse } from '../../core/protocol.ts';
import { getJson, postJson, TestSocket } from '../server/harness.ts';
import { FAST_STEPS, textToImage } from '../server/workflows.ts';
import { similarityWorkflow } from './cheap-workflows.ts';
import {
  type ApiProcess,
  isRun,
  startApi,
  startRedis,
  startWorker,
  stop,
  stopAll,
  type TestRedis,
  until,
  type WorkerProcess,
} from './redis-harness.ts';

describe('Redis queue semantics across processes', () => {
  let redis: TestRedis;
  let api: ApiProcess;
  let workers: WorkerProcess[];
  let ws: TestSocket;

  beforeAll(async () => {
    redis = await startRedis();
    api = await startApi(redis.url);
    workers = await Promise.all([startWorker(redis.url), startWorker(redis.url)]);
  });
  afterAll(async () => {
    ws?.close();
    await stopAll();
  });

  const workersNow = async () => (await getJson<WorkersResponse>(`${api.url}/api/workers`)).body.workers;
  const queueState = async () => (await getJson<QueueState>(`${api.url}/api/queue`)).body;
  const runOf = async (id: string) => (await getJson<RunDetail>(`${api.url}/api/runs/${id}`)).body;
  const queue = async (workflow: unknown) => {
    const res = await postJson(`${api.url}/api/runs`, { workflow });
    expect(res.status).toBe(202);
    return (res.body as { id: string }).id;
  };
  const openSocket = async () => {
    ws?.close();
    ws = await TestSocket.open(api.url);
    ws.send({ type: 'subscribe', runId: '*' });
  };
  /** The worker executing `runId`, as its heartbeat says. */
  const holderOf = async (runId: string) => {
    const alive = (id: string | undefined) => workers.find((w) => w.id === id);
    const listed = await until(workersNow, (list) => list.some((w) => w.run === runId && alive(w.id)));
    return alive(listed.find((w) => w.run === runId && alive(w.id))?.id) as WorkerProcess;
  };

  it('keeps pause across an API restart, reorders and cancels queued runs, resumes in the new order', async () => {
    expect((await postJson(`${api.url}/api/queue/pause`, {})).body).toMatchObject({ paused: true });
    const [a, b, c, d] = [
      await queue(similarityWorkflow('a red circle')),
      await queue(similarityWorkflow('a blue square')),
      await queue(similarityWorkflow('a green cross')),
      await queue(similarityWorkflow('a yellow ring')),
    ];
    expect((await queueState()).queued).toEqual([a, b, c, d]);
    expect((await postJson(`${api.url}/api/runs/${d}`, { position: 0 }, 'PATCH')).body).toEqual({
      id: d,
      position: 0,
    });
    const cancelled = await fetch(`${api.url}/api/runs/${b}`, { method: 'DELETE' });
    expect(cancelled.status).toBe(200);
    expect((await runOf(b as string)).status).toBe('cancelled');

    await stop(api.child);
    api = await startApi(redis.url);
    expect(await queueState()).toEqual({ paused: true, queued: [d, a, c] });
    // Both workers heartbeat twice more while the runs stay queued: paused means paused.
    const beats = Object.fromEntries((await workersNow()).map((w) => [w.id, w.lastHeartbeat]));
    for (let i = 0; i < 2; i++) {
      const seen = await until(
        workersNow,
        (list) => list.length === 2 && list.every((w) => w.lastHeartbeat !== beats[w.id]),
      );
      for (const w of seen) beats[w.id] = w.lastHeartbeat;
    }
    expect((await queueState()).queued).toEqual([d, a, c]);
    expect((await runOf(a as string)).position).toBe(1);

    await openSocket();
    expect((await postJson(`${api.url}/api/queue/resume`, {})).body).toMatchObject({ paused: false });
    for (const id of [a, c, d]) await ws.waitFor(isRun('run.done', id as string));
    const starts = ws.messages
      .filter((m) => m.type === 'run.start')
      .map((m) => ('runId' in m ? m.runId : ''));
    // Two workers take the first two together; the last one in the new order starts last (it was d before).
    expect(starts.at(-1)).toBe(c);
    expect(ws.messages.some(isRun('run.start', b as string))).toBe(false);
  }, 180_000);

  it('a worker stopped with SIGTERM finishes its run, then exits', async () => {
    const id = await queue(textToImage({ seed: 5, steps: { ...FAST_STEPS, decoder: 60 } }));
    await ws.waitFor((m) => m.type === 'node.progress' && m.runId === id && m.node === 'decoder');
    const holder = await holderOf(id);
    const exited = stop(holder.child, 'SIGTERM');
    await ws.waitFor(isRun('run.done', id));
    expect(await exited).toBe(0);
    expect(ws.messages.filter(isRun('run.start', id))).toHaveLength(1);
    expect((await runOf(id)).status).toBe('done');
    workers = workers.filter((w) => w !== holder);
    await until(workersNow, (list) => list.every((w) => w.id !== holder.id));
  }, 180_000);

  it('a run whose worker dies twice is marked failed, not retried forever', async () => {
    workers.push(await startWorker(redis.url));
    const id = await queue(textToImage({ seed: 6, steps: { ...FAST_STEPS, decoder: 400 } }));
    await ws.waitFor((m) => m.type === 'node.progress' && m.runId === id && m.node === 'decoder');
    const first = await holderOf(id);
    first.child.kill('SIGKILL');
    workers = workers.filter((w) => w !== first);
    workers.push(await startWorker(redis.url)); // someone left to notice the second stall
    const starts = async () => ws.messages.filter(isRun('run.start', id)).length;
    await until(starts, (n) => n === 2, 60_000);
    const second = await holderOf(id);
    second.child.kill('SIGKILL');
    const error = await ws.waitFor(isRun('run.error', id), 60_000);
    expect(error).toMatchObject({ message: expect.stringMatching(/stalled/) });
    expect((await runOf(id)).status).toBe('error');
  }, 180_000);
});
