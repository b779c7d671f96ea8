/** GET /api/workers with the embedded queue: the server itself is the one worker, showing the run it executes. */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { WorkersResponse } from '../../core/protocol.ts';
import { getJson, postJson, startTestServer, type TestServer } from './harness.ts';
import { FAST_STEPS, textToImage } from './workflows.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

it('lists the server as its only worker, with its current run', async () => {
  const idle = await getJson<WorkersResponse>(`${server.url}/api/workers`);
  expect(idle.status).toBe(200);
  expect(idle.body.workers).toEqual([
    {
      id: 'local',
      host: expect.any(String),
      provider: 'cpu',
      threads: expect.any(Number),
      concurrency: 1,
      lastHeartbeat: expect.any(String),
    },
  ]);
  const { body } = await postJson(`${server.url}/api/runs`, {
    workflow: textToImage({ steps: { ...FAST_STEPS, decoder: 300 } }),
  });
  const id = (body as { id: string }).id;
  await expect
    .poll(async () => (await getJson<WorkersResponse>(`${server.url}/api/workers`)).body.workers[0]?.run)
    .toBe(id);
  await fetch(`${server.url}/api/runs/${id}`, { method: 'DELETE' });
});
