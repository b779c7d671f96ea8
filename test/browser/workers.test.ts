/**
 * The Queue panel's Workers section against a Redis-mode API server (a real redis-server, the API and one
 * worker as separate processes): the worker is listed with its provider and threads, shows the run it
 * executes, and disappears once it stops heartbeating.
 */
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import {
  type ApiProcess,
  startApi,
  startRedis,
  startWorker,
  stopAll,
  type WorkerProcess,
} from '../queue/redis-harness.ts';
import { FAST_STEPS, textToImage } from '../server/workflows.ts';
import { buildEditor, CHROMIUM_ARGS } from './harness.ts';

let browser: Browser;
let page: Page;
let api: ApiProcess;
let worker: WorkerProcess;

beforeAll(async () => {
  await buildEditor();
  const redis = await startRedis();
  api = await startApi(redis.url);
  worker = await startWorker(redis.url);
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  await page.goto(api.url);
  await page.waitForSelector('html[data-ready="true"]');
});
afterAll(async () => {
  await browser?.close();
  await stopAll();
});

test('lists the worker, the run it executes, and drops it when it stops heartbeating', async () => {
  await page.getByRole('button', { name: 'Queue', exact: true }).click();
  const section = page.getByRole('region', { name: 'Workers' });
  const item = section.locator(`[data-worker-id="${worker.id}"]`);
  await item.waitFor();
  await expect.poll(() => item.textContent()).toMatch(/cpu · 1 thread/);
  await expect.poll(() => item.textContent()).toMatch(/idle/);

  const res = await fetch(`${api.url}/api/runs`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ workflow: textToImage({ steps: { ...FAST_STEPS, decoder: 300 } }) }),
  });
  const { id } = (await res.json()) as { id: string };
  await expect.poll(() => item.textContent(), { timeout: 30_000 }).toContain(`running ${id.slice(0, 8)}`);

  worker.child.kill('SIGKILL');
  await expect.poll(() => item.count(), { timeout: 30_000 }).toBe(0);
  await section.getByText('No worker is running').waitFor();
});
