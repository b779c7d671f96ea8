/** Editing on the canvas: refused wires say why, undo/redo, delete, copy/paste (also across tabs), issues on nodes. */
import { afterAll, beforeAll, expect, test } from 'vitest';
import {
  addNodeAt,
  connect,
  dragWireTo,
  edgeCount,
  nodeEl,
  nodeIds,
  overlappingNodes,
  pickInPalette,
  readStoredWorkflow,
  setNumber,
} from './editor-page.ts';
import { type Harness, startHarness } from './harness.ts';
import { quickImage, uploadWorkflow } from './workflows.ts';

let h: Harness;
let model: string;
let text: string;
let decoder: string;
beforeAll(async () => {
  h = await startHarness();
  model = await addNodeAt(h.page, 60, 120, 'load model');
  text = await addNodeAt(h.page, 60, 320, 'encode text');
  decoder = await addNodeAt(h.page, 420, 120, 'decoder');
});
afterAll(async () => {
  await h?.close();
});

test('a refused connection shows its reason and adds no edge', async () => {
  const { page } = h;
  await connect(page, text, 'text', decoder, 'embedding');
  await expect
    .poll(() => page.getByRole('alert').allTextContents())
    .toContainEqual(expect.stringContaining('text cannot connect to embedding'));
  expect(await edgeCount(page)).toBe(0);
  await h.screenshot('03-refused-connection');
  await connect(page, text, 'text', decoder, 'text');
  expect(await edgeCount(page)).toBe(1);
});

test('undo and redo every graph edit, by button and by keyboard', async () => {
  const { page } = h;
  await connect(page, model, 'model', decoder, 'model');
  expect(await edgeCount(page)).toBe(2);
  await page.getByRole('button', { name: 'Undo', exact: true }).click();
  expect(await edgeCount(page)).toBe(1);
  await page.getByRole('button', { name: 'Redo', exact: true }).click();
  expect(await edgeCount(page)).toBe(2);

  const steps = nodeEl(page, decoder).getByRole('spinbutton', { name: 'Steps', exact: true });
  await setNumber(page, decoder, 'Steps', 7);
  await page.mouse.click(900, 700);
  await page.keyboard.press('Control+z');
  await expect.poll(() => steps.inputValue()).toBe('25');
  await page.keyboard.press('Control+Shift+z');
  await expect.poll(() => steps.inputValue()).toBe('7');

  await nodeEl(page, decoder).getByRole('button', { name: 'Collapse node' }).click();
  expect(await steps.count()).toBe(0);
  expect((await readStoredWorkflow(page)).nodes.find((n) => n.id === decoder)?.ui).toMatchObject({
    collapsed: true,
  });
  await page.keyboard.press('Control+z');
  expect(await steps.count()).toBe(1);

  await nodeEl(page, text).locator('.node-header').click();
  await page.keyboard.press('Delete');
  expect(await nodeIds(page)).not.toContain(text);
  expect(await edgeCount(page)).toBe(1);
  await page.keyboard.press('Control+z');
  expect(await nodeIds(page)).toContain(text);
  expect(await edgeCount(page)).toBe(2);
});

test('copy and paste nodes as workflow JSON, within a tab and into another tab', async () => {
  const { page } = h;
  await page.mouse.click(900, 700);
  await page.keyboard.press('Control+a');
  await page.keyboard.press('Control+c');
  const clip = await page.evaluate(() => navigator.clipboard.readText());
  expect(JSON.parse(clip)).toMatchObject({ format: 'unclip-studio/workflow', nodes: expect.any(Array) });
  expect(JSON.parse(clip).nodes).toHaveLength(3);
  await page.mouse.move(700, 600);
  await page.keyboard.press('Control+v');
  await expect.poll(() => nodeIds(page).then((ids) => ids.length)).toBe(6);
  expect(await edgeCount(page)).toBe(4);

  const other = await h.newPage();
  await other.getByRole('button', { name: 'New', exact: true }).click();
  await other.mouse.move(400, 300);
  await other.keyboard.press('Control+v');
  await expect.poll(() => nodeIds(other).then((ids) => ids.length)).toBe(3);
  expect(await edgeCount(other)).toBe(2);
  await other.close();
});

test('keyboard: Ctrl+K opens the palette, Escape closes it, ? shows the shortcuts', async () => {
  const { page } = h;
  await page.mouse.click(900, 700);
  await page.keyboard.press('Control+k');
  await expect.poll(() => page.getByLabel('Search nodes').isVisible()).toBe(true);
  await page.keyboard.press('Escape');
  expect(await page.getByLabel('Search nodes').count()).toBe(0);
  await page.keyboard.press('?');
  const help = page.getByRole('region', { name: 'Help' });
  expect(await help.getByText('Ctrl+Shift+Z or Ctrl+Y').count()).toBe(1);
  await page.keyboard.press('?');
  expect(await help.count()).toBe(0);
});

test('a wire dragged from an input to empty canvas offers only types with a matching output', async () => {
  const { page } = h;
  await page.getByRole('button', { name: 'New', exact: true }).click();
  const decoder = await addNodeAt(page, 700, 150, 'decoder');
  await dragWireTo(page, decoder, 'noise', 350, 200, 'target');
  const offered = await page.getByRole('option').locator('.palette-item-title').allTextContents();
  expect(offered.sort()).toEqual(['Interpolate Noise', 'Invert Decoder']);
  await pickInPalette(page, 'interpolate');
  expect(await edgeCount(page)).toBe(1);
  expect(await page.locator('.react-flow__edge').getAttribute('aria-label')).toContain('noise_interpolate_1');
});

test('validation issues are shown on the nodes they name before anything runs', async () => {
  const { page } = h;
  await page.getByRole('button', { name: 'New', exact: true }).click();
  const loader = await addNodeAt(page, 80, 120, 'load image');
  const save = await addNodeAt(page, 420, 120, 'save image');
  await connect(page, loader, 'image', save, 'image');
  await nodeEl(page, save).getByRole('textbox', { name: 'Prefix' }).fill('bad prefix!');
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect.poll(() => nodeEl(page, save).locator('.param-problem').textContent()).toContain('prefix');
  expect(await nodeEl(page, loader).locator('.param-problem').textContent()).toContain('no input file');
  expect(await page.locator('.studio-node.has-issues').count()).toBe(2);
  await h.screenshot('04-validation-issues');

  // Only the server knows its files: its 400 names the node, shown the same way.
  const wf = quickImage();
  wf.nodes.push({
    id: 'photo',
    type: 'image.load',
    params: { file: 'missing.png' },
    ui: { position: { x: 0, y: 400 } },
  });
  wf.nodes.push({ id: 'shown', type: 'image.preview', params: {}, ui: { position: { x: 300, y: 400 } } });
  wf.edges.push({ from: { node: 'photo', port: 'image' }, to: { node: 'shown', port: 'image' } });
  await uploadWorkflow(page, wf);
  const runs = page.waitForResponse((r) => r.url().endsWith('/api/runs') && r.request().method() === 'POST');
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  expect((await runs).status()).toBe(400);
  await expect
    .poll(() => nodeEl(page, 'photo').locator('.param-problem').textContent())
    .toContain('does not exist');
  expect(await page.locator('.studio-node.has-issues').count()).toBe(1);
});

test('stacked nodes are pushed apart once measured; Tidy (T) arranges them in columns, undoably', async () => {
  const { page } = h;
  const wf = quickImage();
  for (const n of wf.nodes) n.ui = { position: { x: 100, y: 100 } };
  await uploadWorkflow(page, wf);
  const columns = async () =>
    new Set(
      await page.$$eval('[data-node-id]', (els) => els.map((e) => Math.round(e.getBoundingClientRect().x))),
    ).size;
  // Saved on top of each other: the measured nodes push each other down into one column.
  await expect.poll(() => overlappingNodes(page)).toBe(0);
  expect(await columns()).toBe(1);
  await page.mouse.click(900, 800);
  await page.keyboard.press('t');
  // model -> text -> embedding -> decoder -> save: one column each
  await expect.poll(columns).toBe(5);
  expect(await overlappingNodes(page)).toBe(0);
  await page.keyboard.press('Control+z');
  await expect.poll(columns).toBe(1);
});
