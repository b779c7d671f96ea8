/**
 * The editor refuses too many batch rows before submitting (issue 11): the same core validation as the server,
 * with the row rules it fetched from GET /api/nodes. 65 prompt lines mark the text node; no run is posted.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { nodeEl } from './editor-page.ts';
import { type Harness, startHarness } from './harness.ts';
import { quickImage, uploadWorkflow } from './workflows.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

test('65 prompt lines are shown on the text node and nothing is queued', async () => {
  const { page } = h;
  const posted: string[] = [];
  page.on('request', (r) => {
    if (r.url().endsWith('/api/runs') && r.method() === 'POST') posted.push(r.url());
  });
  const prompt = Array.from({ length: 65 }, (_, i) => `shape ${i}`).join('\n');
  await uploadWorkflow(page, quickImage(prompt));
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect
    .poll(() => nodeEl(page, 'text').locator('.param-problem').textContent())
    .toContain('65 batch rows');
  expect(posted).toEqual([]);
});
