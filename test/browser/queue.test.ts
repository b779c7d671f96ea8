/** The queue panel (pause, reorder, cancel), seed controls after each run, and the history panel reopening a run. */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { nodeEl, nodeIds } from './editor-page.ts';
import { type Harness, startHarness } from './harness.ts';
import { quickImage, uploadWorkflow } from './workflows.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

test('pause, queue three runs with an incrementing seed, reorder, cancel, resume', async () => {
  const { page } = h;
  await uploadWorkflow(page, quickImage('a purple circle'));
  const seed = nodeEl(page, 'decoder').getByRole('spinbutton', { name: 'Seed', exact: true });
  await nodeEl(page, 'decoder')
    .getByRole('combobox', { name: 'Seed after each run' })
    .selectOption('increment');
  await page.getByRole('button', { name: 'Queue', exact: true }).click();
  const panel = page.getByRole('region', { name: 'Queue' });
  await panel.getByRole('button', { name: 'Pause queue' }).click();
  await panel.getByRole('button', { name: 'Resume queue' }).waitFor();

  const run = page.getByRole('button', { name: 'Run', exact: true });
  for (let i = 0; i < 3; i++) {
    await run.click();
    await expect.poll(() => seed.inputValue()).toBe(String(8 + i));
  }
  const items = panel.locator('.run-item');
  await expect.poll(() => items.count()).toBe(3);
  const ids = await items.evaluateAll((els) => els.map((e) => e.getAttribute('data-run-id')));
  await items
    .nth(2)
    .getByRole('button', { name: /^Move .* up$/ })
    .click();
  await expect
    .poll(() => items.evaluateAll((els) => els.map((e) => e.getAttribute('data-run-id'))))
    .toEqual([ids[0], ids[2], ids[1]]);
  await h.screenshot('06-queue-paused');
  await items
    .nth(0)
    .getByRole('button', { name: /^Cancel / })
    .click();
  await expect.poll(() => items.count()).toBe(2);
  // The toolbar's Cancel takes this tab's most recently queued run.
  await page.getByRole('button', { name: 'Cancel', exact: true }).click();
  await expect.poll(() => items.count()).toBe(1);

  await panel.getByRole('button', { name: 'Resume queue' }).click();
  await expect.poll(() => items.count(), { timeout: 60_000 }).toBe(0);
  await nodeEl(page, 'save').locator('img.output-image').waitFor();
});

test('history lists past runs with thumbnails and reopens their workflow', async () => {
  const { page } = h;
  await page.getByRole('button', { name: 'History', exact: true }).click();
  const panel = page.getByRole('region', { name: 'History' });
  const items = panel.locator('.run-item');
  await expect.poll(() => items.count()).toBe(3);
  const done = panel.locator('.run-item.status-done');
  expect(await done.count()).toBe(1);
  await done.locator('img').first().waitFor();
  expect(await panel.locator('.run-item.status-cancelled').count()).toBe(2);
  await h.screenshot('07-history');

  await page.getByRole('button', { name: 'New', exact: true }).click();
  expect(await nodeIds(page)).toEqual([]);
  await done.getByRole('button', { name: /^Open workflow of / }).click();
  await expect.poll(() => nodeIds(page)).toEqual(['model', 'text', 'emb', 'decoder', 'save']);
  // The run's outputs come back with it.
  await nodeEl(page, 'save').locator('img.output-image').waitFor();
});
