/**
 * Issue 13 part A, messages and names: cycles named by node titles, the input-side palette wording, a missing
 * input said once, optional inputs marked in words, frame buttons with text, exports named after the workflow.
 */
import { expect, test } from 'vitest';
import type { Workflow } from '../../core/workflow/schema.ts';
import { connect, dragWireTo, nodeEl } from './editor-page.ts';
import { harnessPerFile } from './vocabulary-page.ts';
import { interpolation, quickImage, uploadWorkflow } from './workflows.ts';

const h = harnessPerFile();

test('a refused loop names the nodes by their titles, not their ids', async () => {
  const { page } = h;
  const wf: Workflow = {
    ...quickImage(),
    name: 'loop',
    nodes: [
      { id: 'mix_1', type: 'embedding.interpolate', params: {}, ui: { position: { x: 0, y: 0 } } },
      { id: 'diff_1', type: 'embedding.text_diff', params: {}, ui: { position: { x: 400, y: 0 } } },
    ],
    edges: [{ from: { node: 'mix_1', port: 'embedding' }, to: { node: 'diff_1', port: 'embedding' } }],
  };
  await uploadWorkflow(page, wf);
  await connect(page, 'diff_1', 'embedding', 'mix_1', 'a');
  const alert = page.locator('.toast-error').last();
  await expect
    .poll(() => alert.textContent())
    .toContain('would make a loop: Text Diff → Interpolate Embeddings → Text Diff');
  expect(await alert.textContent()).not.toMatch(/mix_1|diff_1/);
});

test('a wire dragged from an input searches for nodes that make that kind', async () => {
  const { page } = h;
  await uploadWorkflow(page, quickImage());
  const box = (await nodeEl(page, 'decoder').boundingBox())!;
  await dragWireTo(page, 'decoder', 'text', box.x - 80, box.y + box.height + 80, 'target');
  const search = page.getByLabel('Search nodes');
  expect(await search.getAttribute('placeholder')).toBe('Nodes that make text…');
  await page.keyboard.press('Escape');
  const out = (await nodeEl(page, 'text').boundingBox())!;
  await dragWireTo(page, 'text', 'text', out.x + out.width + 60, out.y + out.height + 120);
  expect(await search.getAttribute('placeholder')).toBe('Nodes that take text…');
  await page.keyboard.press('Escape');
});

test('a missing input is reported once, and optional inputs say so in words', async () => {
  const { page } = h;
  const wf = quickImage();
  wf.edges = wf.edges.filter((e) => !(e.to.node === 'decoder' && e.to.port === 'model'));
  await uploadWorkflow(page, wf);
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  const problem = nodeEl(page, 'decoder').locator('.node-problems');
  await expect.poll(() => problem.textContent()).toBe('required input "model" is not connected');
  const ports = await nodeEl(page, 'decoder').locator('.port-in').allTextContents();
  expect(ports).toContain('Text (optional)');
  expect(ports.filter((p) => p.includes('(optional)')).length).toBeGreaterThan(0);
  expect(ports).not.toContain('Model (optional)');
});

test('frame buttons have words, and exports are named after the workflow and the node', async () => {
  const { page } = h;
  await uploadWorkflow(page, interpolation(3));
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  const viewer = nodeEl(page, 'save').locator('.frame-viewer');
  await viewer.waitFor({ timeout: 90_000 });
  const words = (await viewer.locator('.frame-controls button').allInnerTexts()).map((t) => t.trim());
  expect(words).toEqual(expect.arrayContaining(['◀ Prev', '▶ Play', 'Next ▶']));
  const sheet = page.waitForEvent('download');
  await viewer.getByRole('button', { name: 'Contact sheet' }).click();
  expect((await sheet).suggestedFilename()).toBe('interpolation-Save-Image-sheet.png');
  const apng = page.waitForEvent('download');
  await viewer.getByRole('button', { name: 'Export APNG' }).click();
  expect((await apng).suggestedFilename()).toBe('interpolation-Save-Image-animation.png');
});
