/**
 * Redis mode end to end, across real processes: a redis-server, one API server and two workers. Twelve runs
 * finish although the worker executing one of them is killed with kill -9 mid-run (BullMQ's stalled-job
 * detection hands it to the other worker); every run's events and previews reach a WebSocket client of the
 * API; the outputs are served by the API with their workflow; a running run is cancelled within 10 s.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunDetail, WorkersResponse } from '../../core/protocol.ts';
import { getJson, postJson, TestSocket } from '../server/harness.ts';
import { FAST_STEPS, textToImage } from '../server/workflows.ts';
import {
  type ApiProcess,
  isRun,
  startApi,
  startRedis,
  startWorker,
  stopAll,
  until,
  type WorkerProcess,
} from './redis-harness.ts';

const SLOW = { ...FAST_STEPS, decoder: 150 };
describe('BullMQ + Redis with two worker processes', () => {
  let api: ApiProcess;
  let workers: WorkerProcess[];
  let ws: TestSocket;

  beforeAll(async () => {
    const redis = await startRedis();
    api = await startApi(redis.url);
    workers = await Promise.all([startWorker(redis.url), startWorker(redis.url)]);
    ws = await TestSocket.open(api.url, '?clientId=scale');
    ws.send({ type: 'subscribe', runId: '*' });
  });
  afterAll(async () => {
    ws?.close();
    await stopAll();
  });

  const workersNow = async () => (await getJson<WorkersResponse>(`${api.url}/api/workers`)).body.workers;
  const queue = async (workflow: unknown) => {
    const res = await postJson(`${api.url}/api/runs`, { workflow, clientId: 'scale' });
    expect(res.status).toBe(202);
    return (res.body as { id: string }).id;
  };

  it('lists both workers', async () => {
    const listed = await until(workersNow, (list) => list.length === 2);
    expect(listed.map((w) => w.id).sort()).toEqual(workers.map((w) => w.id).sort());
    expect(listed[0]).toMatchObject({ provider: 'cpu', threads: 1, concurrency: 1 });
  }, 240_000);

  it('finishes 12 queued runs although the worker executing one is killed with kill -9', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 12; i++)
      ids.push(
        await queue(textToImage({ seed: i + 1, name: `scale ${i}`, ...(i === 1 ? { steps: SLOW } : {}) })),
      );
    const slow = ids[1] as string;
    await ws.waitFor((m) => m.type === 'node.progress' && m.runId === slow && m.node === 'decoder');
    const holder = await until(workersNow, (list) => list.some((w) => w.run === slow));
    const victim = workers.find((w) => w.id === holder.find((h) => h.run === slow)?.id) as WorkerProcess;
    victim.child.kill('SIGKILL');

    for (const id of ids) await ws.waitFor(isRun('run.done', id), 120_000);
    // The killed run started twice: once on the killed worker, once on the survivor.
    expect(ws.messages.filter(isRun('run.start', slow)).length).toBe(2);
    for (const id of ids) {
      const run = (await getJson<RunDetail>(`${api.url}/api/runs/${id}`)).body;
      expect(run.status).toBe('done');
      expect(ws.messages.some(isRun('node.done', id))).toBe(true);
      expect(ws.previews.some((p) => p.header.runId === id)).toBe(true);
      expect(run.files).toHaveLength(1);
      const res = await fetch(`${api.url}/api/outputs/${run.files?.[0]}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('image/png');
      const png = Buffer.from(await res.arrayBuffer());
      expect(png.subarray(1, 4).toString()).toBe('PNG');
      expect(png.includes(Buffer.from(`scale ${ids.indexOf(id)}`))).toBe(true); // the embedded workflow
    }
    // The killed worker stops heartbeating and disappears from the list.
    const left = await until(workersNow, (list) => list.length === 1);
    expect(left[0]?.id).not.toBe(victim.id);
  }, 240_000);

  it('cancels a run executing on a worker within 10 s', async () => {
    const id = await queue(textToImage({ seed: 99, steps: { ...FAST_STEPS, decoder: 400 } }));
    await ws.waitFor((m) => m.type === 'node.progress' && m.runId === id && m.node === 'decoder');
    const asked = Date.now();
    const res = await fetch(`${api.url}/api/runs/${id}`, { method: 'DELETE' });
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ id, status: 'cancelling' });
    await ws.waitFor(isRun('run.cancelled', id), 10_000);
    expect(Date.now() - asked).toBeLessThan(10_000);
    const run = await until(
      async () => (await getJson<RunDetail>(`${api.url}/api/runs/${id}`)).body,
      (r) => r.status !== 'running',
    );
    expect(run.status).toBe('cancelled');
    expect(ws.messages.some(isRun('run.done', id))).toBe(false);
  }, 240_000);
});
