/**
 * Issue 13 part A, the first hour: double-click only on the empty pane, the empty-canvas hint, upsampler stages
 * that follow the chain (and the warning when they do not), the cancelled state, a dropped image as one undo step.
 */

import type { Page } from 'playwright-core';
import { PNG } from 'pngjs';
import { expect, test } from 'vitest';
import type { Workflow } from '../../core/workflow/schema.ts';
import { addNodeAt, dragWireTo, dropOnCanvas, nodeEl, nodeIds, pickInPalette } from './editor-page.ts';
import { harnessPerFile } from './vocabulary-page.ts';
import { quickImage, uploadWorkflow } from './workflows.ts';

const h = harnessPerFile();

const paletteOpen = (page: Page) => page.getByLabel('Search nodes').isVisible();
const link = (from: string, fromPort: string, to: string, toPort: string) => ({
  from: { node: from, port: fromPort },
  to: { node: to, port: toPort },
});

/** quickImage with upsamplers between the decoder and the save node, at the given stages. */
function withUpsamplers(stages: number[], name = 'upsampled'): Workflow {
  const wf = { ...quickImage(), name };
  wf.edges = wf.edges.filter((e) => e.to.node !== 'save');
  let last = 'decoder';
  stages.forEach((stage, i) => {
    const id = `up${i + 1}`;
    wf.nodes.push({
      id,
      type: 'upsampler.sample',
      params: { stage, steps: 2 },
      ui: { position: { x: 880 + 300 * i, y: 420 } },
    });
    wf.edges.push(link('model', 'model', id, 'model'), link(last, 'image', id, 'image'));
    last = id;
  });
  wf.edges.push(link(last, 'image', 'save', 'image'));
  return wf;
}

test('double-clicking inside a node selects text and does not open the palette; the empty pane does', async () => {
  const { page } = h;
  await uploadWorkflow(page, quickImage('a red circle'));
  const prompt = nodeEl(page, 'text').getByRole('textbox', { name: 'Prompt' });
  await prompt.dblclick();
  expect(await paletteOpen(page)).toBe(false);
  const selected = await prompt.evaluate((t: HTMLTextAreaElement) =>
    t.value.slice(t.selectionStart, t.selectionEnd),
  );
  expect(selected.trim()).toMatch(/^(a|red|circle)$/);
  await nodeEl(page, 'decoder').locator('.node-title').dblclick();
  await nodeEl(page, 'decoder').getByRole('spinbutton', { name: 'Steps', exact: true }).dblclick();
  expect(await paletteOpen(page)).toBe(false);
  await page.mouse.dblclick(700, 830);
  expect(await paletteOpen(page)).toBe(true);
  await page.keyboard.press('Escape');
});

test('an empty canvas says how to start, and the hint goes once there is a node', async () => {
  const { page } = h;
  await page.getByRole('button', { name: 'New', exact: true }).click();
  const hint = page.getByRole('note', { name: 'Getting started' });
  expect(await hint.isVisible()).toBe(true);
  const text = await hint.textContent();
  for (const words of ['Space', 'double-click', 'Examples', 'Drop']) expect(text).toContain(words);
  await addNodeAt(page, 300, 300, 'load model');
  expect(await hint.count()).toBe(0);
});

test('an upsampler added from a stage-1 upsampler defaults to stage 2', async () => {
  const { page } = h;
  await uploadWorkflow(page, withUpsamplers([1]));
  const box = (await nodeEl(page, 'up1').boundingBox())!;
  await dragWireTo(page, 'up1', 'image', box.x + box.width + 120, box.y + 30); // empty canvas right of it
  const added = await pickInPalette(page, 'upsampler');
  expect(await nodeEl(page, added).getByLabel('Stage', { exact: true }).inputValue()).toBe('2');
  expect(await nodeEl(page, 'up1').getByLabel('Stage', { exact: true }).inputValue()).toBe('1');
});

test('two stage-1 upsamplers in a chain: a warning on the node, and the run still goes ahead', async () => {
  const { page } = h;
  await uploadWorkflow(page, withUpsamplers([1, 1]));
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  const warning = nodeEl(page, 'up2').locator('.node-message.warning');
  await expect.poll(() => warning.textContent()).toContain('runs stage 1 again after "up1"');
  expect(await nodeEl(page, 'up2').getAttribute('class')).not.toContain('has-issues');
  await nodeEl(page, 'save').locator('img.output-image').waitFor({ timeout: 90_000 });
});

test('cancelling marks the unfinished nodes cancelled, drops the noisy preview and says so', async () => {
  const { page } = h;
  const wf = quickImage('a blue square');
  wf.nodes.find((n) => n.id === 'decoder')!.params.steps = 400;
  await uploadWorkflow(page, wf);
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  const decoder = nodeEl(page, 'decoder');
  await decoder.locator('img.live-preview').waitFor({ timeout: 60_000 });
  await page.getByRole('button', { name: 'Cancel', exact: true }).click();
  await expect
    .poll(() => decoder.locator('.node-phase').textContent(), { timeout: 30_000 })
    .toBe('cancelled');
  expect(await nodeEl(page, 'save').locator('.node-phase').textContent()).toBe('cancelled');
  expect(await decoder.getAttribute('class')).toContain('phase-cancelled');
  expect(await decoder.locator('img.live-preview').count()).toBe(0);
  await expect.poll(() => page.getByRole('status').textContent()).toContain('Run cancelled');
});

test('Load Image shows the uploaded file name; a dropped image is one undo step', async () => {
  const { page } = h;
  await page.getByRole('button', { name: 'New', exact: true }).click();
  const png = new PNG({ width: 8, height: 8 });
  png.data.fill(120);
  const bytes = PNG.sync.write(png);
  const loader = await addNodeAt(page, 200, 200, 'load image');
  await nodeEl(page, loader)
    .getByLabel('File: image to upload')
    .setInputFiles({ name: 'grey-square.png', mimeType: 'image/png', buffer: bytes });
  await expect.poll(() => nodeEl(page, loader).locator('.file-name').textContent()).toBe('grey-square.png');

  await dropOnCanvas(page, 'dropped.png', bytes, 700, 500);
  await expect.poll(() => nodeIds(page)).toHaveLength(2);
  const dropped = (await nodeIds(page)).find((id) => id !== loader)!;
  await expect.poll(() => nodeEl(page, dropped).locator('.file-name').textContent()).toBe('dropped.png');
  await page.mouse.click(1000, 820);
  await page.keyboard.press('Control+z');
  await expect.poll(() => nodeIds(page)).toEqual([loader]);
});
