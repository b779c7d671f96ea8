/** Runs end to end on the shipped bundle: WS events and previews, cancel mid-run, pause and reorder. */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EngineEvent } from '../../core/events.ts';
import type { QueueState, RunDetail, RunsPage, ServerMessage } from '../../core/protocol.ts';
import { getJson, postJson, rawRequest, startTestServer, type TestServer, TestSocket } from './harness.ts';
import { FAST_STEPS, textToImage } from './workflows.ts';

type RunEvent = Exclude<ServerMessage, { type: 'queue.changed' | 'hello' }>;
const forRun = (runId: string) => (m: ServerMessage) => 'runId' in m && m.runId === runId;
const ended = (runId: string) => (m: ServerMessage) =>
  forRun(runId)(m) && ['run.done', 'run.error', 'run.cancelled'].includes(m.type);

describe('runs', () => {
  let server: TestServer;
  let watcher: TestSocket;
  let seed = 100;
  beforeAll(async () => {
    server = await startTestServer();
    watcher = await TestSocket.open(server.url);
    watcher.send({ type: 'subscribe', runId: '*' });
  });
  afterAll(async () => {
    watcher.close();
    await server.close();
  });

  /** Each run gets its own seed, so the engine's cache cannot answer it. */
  const queueRun = async (steps = FAST_STEPS, clientId?: string) => {
    const res = await postJson(`${server.url}/api/runs`, {
      workflow: textToImage({ steps, seed: seed++ }),
      clientId,
    });
    expect(res.status, JSON.stringify(res.body)).toBe(202);
    return res.body as { id: string; position: number };
  };
  const runEvents = (id: string) => watcher.messages.filter(forRun(id)) as RunEvent[];

  it('streams the event sequence and binary previews, then serves the saved image', async () => {
    const owner = await TestSocket.open(server.url, '?clientId=owner-1');
    const bystander = await TestSocket.open(server.url);
    expect(owner.messages[0]).toMatchObject({ type: 'hello', clientId: 'owner-1', queue: { paused: false } });

    const { id } = await queueRun(FAST_STEPS, 'owner-1');
    const done = await owner.waitFor((m): m is Extract<EngineEvent, { type: 'run.done' }> => ended(id)(m));
    expect(done.type).toBe('run.done');

    const types = owner.messages.filter(forRun(id)).map((m) => m.type);
    expect(types[0]).toBe('run.start');
    expect(types.at(-1)).toBe('run.done');
    for (const node of ['prior', 'decoder', 'up1', 'up2', 'save']) {
      const events = (owner.messages.filter(forRun(id)) as RunEvent[]).filter(
        (m) => 'node' in m && m.node === node,
      );
      expect(events.map((e) => e.type)[0], node).toBe('node.start');
      expect(events.map((e) => e.type).at(-1), node).toBe('node.done');
    }
    expect(types.filter((t) => t === 'node.progress').length).toBeGreaterThanOrEqual(FAST_STEPS.decoder);

    const previews = owner.previews.filter((p) => p.header.runId === id);
    expect(previews.length).toBeGreaterThanOrEqual(1);
    const [first] = previews;
    expect(first?.header).toMatchObject({ type: 'node.preview', runId: id });
    expect(Buffer.from(first!.png.subarray(1, 4)).toString()).toBe('PNG');
    expect(first!.header.width).toBeGreaterThan(0);

    // The bystander neither subscribed nor queued the run: it sees queue changes only.
    expect(bystander.messages.every((m) => m.type === 'hello' || m.type === 'queue.changed')).toBe(true);
    expect(bystander.previews).toHaveLength(0);

    const run = (await getJson<RunDetail>(`${server.url}/api/runs/${id}`)).body;
    expect(run).toMatchObject({ id, status: 'done', clientId: 'owner-1', workflow: { name: 'server test' } });
    expect(run.files).toHaveLength(1);
    const image = await rawRequest(server.url, {
      path: `/api/outputs/${run.files![0]}`,
      headers: { host: server.host },
    });
    expect(image.status).toBe(200);
    expect(image.headers['content-type']).toBe('image/png');
    owner.close();
    bystander.close();
  });

  it('cancels a run in the middle of a node and goes on with the next', async () => {
    const slow = await queueRun({ ...FAST_STEPS, decoder: 400 });
    const next = await queueRun();
    await watcher.waitFor((m) => forRun(slow.id)(m) && m.type === 'node.progress' && m.node === 'decoder');
    const cancel = await getJson(`${server.url}/api/runs/${slow.id}`, { method: 'DELETE' });
    expect(cancel).toEqual({ status: 202, body: { id: slow.id, status: 'cancelling' } });
    const end = await watcher.waitFor(ended(slow.id));
    expect(end).toMatchObject({ type: 'run.cancelled', node: 'decoder' });
    const progress = runEvents(slow.id).filter((e) => e.type === 'node.progress' && e.node === 'decoder');
    expect(progress.length).toBeLessThan(400);
    expect((await getJson<RunDetail>(`${server.url}/api/runs/${slow.id}`)).body.status).toBe('cancelled');
    expect(await watcher.waitFor(ended(next.id))).toMatchObject({ type: 'run.done' });
    const again = await getJson(`${server.url}/api/runs/${slow.id}`, { method: 'DELETE' });
    expect(again.status).toBe(409);
  });

  it('pauses, reorders and cancels queued runs; resumes in the new order', async () => {
    expect((await postJson(`${server.url}/api/queue/pause`, {})).body).toMatchObject({ paused: true });
    const a = await queueRun();
    const b = await queueRun();
    const c = await queueRun();
    expect([a.position, b.position, c.position]).toEqual([0, 1, 2]);

    const moved = await postJson(`${server.url}/api/runs/${c.id}`, { position: 0 }, 'PATCH');
    expect(moved).toEqual({ status: 200, body: { id: c.id, position: 0 } });
    const page = (await getJson<RunsPage>(`${server.url}/api/runs`)).body;
    expect(page.paused).toBe(true);
    expect(page.queue.map((r) => [r.id, r.position])).toEqual([
      [c.id, 0],
      [a.id, 1],
      [b.id, 2],
    ]);
    const bad = await postJson(`${server.url}/api/runs/${c.id}`, { position: -1 }, 'PATCH');
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ issues: [{ path: 'body.position' }] });

    expect(await getJson(`${server.url}/api/runs/${a.id}`, { method: 'DELETE' })).toEqual({
      status: 200,
      body: { id: a.id, status: 'cancelled' },
    });
    expect(await watcher.waitFor(ended(a.id))).toEqual({ type: 'run.cancelled', runId: a.id });
    // Paused: nothing started. The queue starts a run synchronously when one is queued, cancelled or resumed,
    // so the state read after those answers is final, not a snapshot that a later start could change.
    expect((await getJson<QueueState>(`${server.url}/api/queue`)).body).toEqual({
      paused: true,
      queued: [c.id, b.id],
    });
    expect(runEvents(c.id)).toHaveLength(0);

    await postJson(`${server.url}/api/queue/resume`, {});
    await watcher.waitFor(ended(b.id));
    const starts = watcher.messages.filter((m) => m.type === 'run.start').map((m) => (m as RunEvent).runId);
    expect(starts.indexOf(c.id)).toBeLessThan(starts.indexOf(b.id));
    expect(starts).not.toContain(a.id);
    const history = (await getJson<RunsPage>(`${server.url}/api/runs?limit=3`)).body;
    expect(history.history.map((r) => [r.id, r.status])).toEqual([
      [b.id, 'done'],
      [c.id, 'done'],
      [a.id, 'cancelled'],
    ]);
    expect(history.limit).toBe(3);
    expect(history.total).toBeGreaterThanOrEqual(5);
  });

  it('records a failing node and keeps the images saved before the failure', async () => {
    const signature = Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a);
    writeFileSync(
      path.join(server.dataDir, 'inputs', 'broken.png'),
      Buffer.concat([signature, Buffer.alloc(64, 1)]),
    );
    const workflow = textToImage({ seed: seed++ });
    workflow.nodes.push({ id: 'broken', type: 'image.load', params: { file: 'broken.png' } });
    workflow.nodes.push({ id: 'save-broken', type: 'image.save', params: { prefix: 'broken' } });
    workflow.edges.push({
      from: { node: 'broken', port: 'image' },
      to: { node: 'save-broken', port: 'image' },
    });
    const res = await postJson(`${server.url}/api/runs`, { workflow });
    expect(res.status, JSON.stringify(res.body)).toBe(202);
    const { id } = res.body as { id: string };
    expect(await watcher.waitFor(ended(id))).toMatchObject({ type: 'run.error', node: 'broken' });
    const run = (await getJson<RunDetail>(`${server.url}/api/runs/${id}`)).body;
    expect(run).toMatchObject({ status: 'error', error: { node: 'broken', message: expect.any(String) } });
    expect(run.files).toHaveLength(1);
    expect(run.outputs?.save?.images).toHaveLength(1);
  });

  it('refuses invalid workflows with issues naming the node and param, queueing nothing', async () => {
    const workflow = textToImage({ steps: { ...FAST_STEPS, prior: 100_000 } });
    const res = await postJson(`${server.url}/api/runs`, { workflow });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({
      error: expect.any(String),
      issues: [{ node: 'prior', param: 'steps' }],
    });
    const unknown = await getJson(`${server.url}/api/runs/not-a-run`);
    expect(unknown).toEqual({ status: 404, body: { error: 'no run "not-a-run"' } });
  });
});
