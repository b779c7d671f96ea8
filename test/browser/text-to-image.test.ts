import { unlinkSync } from 'node:fs';
import path from 'node:path';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, expect, test } from 'vitest';
import {
  addNodeAt,
  connect,
  dragWireTo,
  dropOnCanvas,
  edgeCount,
  nodeEl,
  pickInPalette,
  setNumber,
} from './editor-page.ts';
import { type Harness, startHarness } from './harness.ts';
import { loadAndPreview, uploadWorkflow } from './workflows.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

test('text-to-image: palette, wires, run, live preview, final image', async () => {
  const { page } = h;
  const model = await addNodeAt(page, 60, 120, 'load model');
  const text = await addNodeAt(page, 60, 300, 'encode text');
  expect(await nodeEl(page, model).getAttribute('data-node-type')).toBe('model.load');
  await nodeEl(page, text).getByRole('textbox', { name: 'Prompt' }).fill('a red circle');
  await connect(page, model, 'model', text, 'model');
  expect(await edgeCount(page)).toBe(1);

  // A wire dropped on empty canvas opens the palette filtered to types that take text, then connects.
  await dragWireTo(page, text, 'text', 420, 140);
  await expect.poll(() => page.getByRole('option').allTextContents()).not.toContain('Load Model');
  const prior = await pickInPalette(page, 'diffusion prior');
  expect(await edgeCount(page)).toBe(2);
  await connect(page, model, 'model', prior, 'model');

  const decoder = await addNodeAt(page, 740, 120, 'decoder');
  await connect(page, model, 'model', decoder, 'model');
  await connect(page, prior, 'embedding', decoder, 'embedding');
  const save = await addNodeAt(page, 1060, 120, 'save image');
  await connect(page, decoder, 'image', save, 'image');
  expect(await edgeCount(page)).toBe(6);
  await setNumber(page, prior, 'Steps', 4);
  await setNumber(page, decoder, 'Steps', 6);
  await page.getByRole('textbox', { name: 'Workflow name' }).fill('text to image');
  await h.screenshot('01-text-to-image-built');

  await page.getByRole('button', { name: 'Run', exact: true }).click();
  // The decoder shows live x0 previews (blob URLs from binary WS frames) and a step count.
  const preview = nodeEl(page, decoder).locator('img.live-preview');
  await expect.poll(() => preview.getAttribute('src'), { timeout: 60_000 }).toMatch(/^blob:/);
  const output = nodeEl(page, save).locator('img.output-image');
  await output.waitFor({ timeout: 90_000 });
  await expect
    .poll(() => output.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth))
    .toBeGreaterThan(0);
  expect(await nodeEl(page, save).locator('.node-phase').textContent()).toBe('done');
  expect(await nodeEl(page, decoder).locator('.progress-steps').count()).toBe(0);
  await page.mouse.click(700, 820);
  await h.screenshot('02-text-to-image-done');
});

test('a node that fails while running is outlined and shows the error', async () => {
  // Validation refuses what it can foresee, so make a run fail at run time: its input image is
  // deleted while the run waits in the paused queue.
  const { page } = h;
  const api = (path: string, init: RequestInit) => fetch(`${h.url}/api${path}`, init);
  const json = { 'content-type': 'application/json' };
  const png = new PNG({ width: 8, height: 8 });
  png.data.fill(120);
  const upload = await api('/inputs', { method: 'POST', body: new Uint8Array(PNG.sync.write(png)) });
  expect(upload.status).toBe(201);
  const { name } = (await upload.json()) as { name: string };
  await uploadWorkflow(page, loadAndPreview(name));
  expect((await api('/queue/pause', { method: 'POST', headers: json, body: '{}' })).status).toBe(200);
  try {
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    const queued = async () => ((await (await api('/queue', {})).json()) as { queued: unknown[] }).queued;
    await expect.poll(async () => (await queued()).length).toBe(1);
    unlinkSync(path.join(h.dataDir, 'inputs', name));
  } finally {
    expect((await api('/queue/resume', { method: 'POST', headers: json, body: '{}' })).status).toBe(200);
  }
  const failing = nodeEl(page, 'load');
  await expect.poll(() => failing.getAttribute('class'), { timeout: 60_000 }).toContain('phase-error');
  expect(await failing.getByRole('alert').textContent()).toContain(`input file "${name}" does not exist`);
  // Nodes that were waiting are no longer shown as queued.
  await expect.poll(() => nodeEl(page, 'preview').locator('.node-phase').count()).toBe(0);
});

test('Load Image uploads a picture and shows its thumbnail; a dropped plain image becomes a Load Image node', async () => {
  const { page } = h;
  await page.getByRole('button', { name: 'New', exact: true }).click();
  const png = new PNG({ width: 16, height: 16 });
  png.data.fill(200);
  const bytes = PNG.sync.write(png);
  const loader = await addNodeAt(page, 100, 150, 'load image');
  await nodeEl(page, loader)
    .getByLabel('File: image to upload')
    .setInputFiles({ name: 'grey.png', mimeType: 'image/png', buffer: bytes });
  const thumb = nodeEl(page, loader).locator('img.thumb');
  await expect
    .poll(() => thumb.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth))
    .toBe(16);

  await dropOnCanvas(page, 'plain.png', bytes, 600, 300);
  await expect.poll(() => page.locator('[data-node-type="image.load"] img.thumb').count()).toBe(2);
});
