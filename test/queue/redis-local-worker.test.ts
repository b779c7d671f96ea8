/**
 * Two API servers on one Redis, with separate data folders (no shared filesystem): A executes nothing, B runs
 * a worker in its own process (--local-worker). A run queued through A is executed by B; A's WebSocket client
 * gets its events and previews, and A serves its output from A's own folder.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { RunDetail, ServerMessage, WorkersResponse } from '../../core/protocol.ts';
import { getJson, postJson, TestSocket } from '../server/harness.ts';
import { textToImage } from '../server/workflows.ts';
import { type ApiProcess, startApi, startRedis, stopAll, until } from './redis-harness.ts';

let a: ApiProcess;
let b: ApiProcess;
beforeAll(async () => {
  const redis = await startRedis();
  [a, b] = await Promise.all([startApi(redis.url), startApi(redis.url, undefined, ['--local-worker'])]);
});
afterAll(stopAll);

it('executes only where --local-worker is given; every API server relays events and keeps the outputs', async () => {
  const listed = await until(
    async () => (await getJson<WorkersResponse>(`${a.url}/api/workers`)).body.workers,
    (workers) => workers.length === 1,
  );
  expect(listed[0]?.id).toMatch(new RegExp(`-${b.child.pid}-`));

  const [wsA, wsB] = await Promise.all([TestSocket.open(a.url, '?clientId=on-a'), TestSocket.open(b.url)]);
  wsB.send({ type: 'subscribe', runId: '*' });
  const { body } = await postJson(`${a.url}/api/runs`, {
    workflow: textToImage({ name: 'via A' }),
    clientId: 'on-a',
  });
  const id = (body as { id: string }).id;
  const isDone = (m: ServerMessage) => m.type === 'run.done' && m.runId === id;
  await Promise.all([wsA.waitFor(isDone), wsB.waitFor(isDone)]);
  expect(wsA.previews.some((p) => p.header.runId === id)).toBe(true);

  const run = (await getJson<RunDetail>(`${a.url}/api/runs/${id}`)).body;
  expect(run.status).toBe('done');
  const file = run.files?.[0] as string;
  for (const api of [a, b]) expect(existsSync(path.join(api.dataDir, 'outputs', file))).toBe(true);
  const res = await fetch(`${a.url}/api/outputs/${file}`);
  expect(res.status).toBe(200);
  expect(Buffer.from(await res.arrayBuffer()).includes(Buffer.from('via A'))).toBe(true);
  wsA.close();
  wsB.close();
}, 180_000);
