/** Bypass and mute: from the node menu and the keyboard, shown on the node, honoured by the server, saved, undoable. */
import { expect, test } from 'vitest';
import { nodeEl } from './editor-page.ts';
import {
  choose,
  harnessPerFile,
  openMenu,
  outputWidth,
  storedWorkflow,
  upscaled,
} from './vocabulary-page.ts';
import { uploadWorkflow } from './workflows.ts';

const h = harnessPerFile();

const modeOf = async (id: string) => (await storedWorkflow(h.page)).nodes.find((n) => n.id === id)?.mode;

test('a bypassed upsampler is skipped: the save node gets the decoder image; saved, reloaded, undoable', async () => {
  const { page } = h;
  await uploadWorkflow(page, upscaled());
  const up = nodeEl(page, 'up');
  const menu = await openMenu(page, up.locator('.node-header'));
  expect(await menu.getAttribute('aria-label')).toBe('Node Upsampler');
  await choose(menu, 'Bypass');
  await expect.poll(() => up.locator('.node-mode-badge').textContent()).toBe('bypassed');
  expect(await up.getAttribute('class')).toContain('mode-bypass');
  await expect.poll(() => modeOf('up')).toBe('bypass');
  await page.mouse.click(900, 700);
  await page.keyboard.press('Control+z');
  await expect.poll(() => nodeEl(page, 'up').locator('.node-mode-badge').count()).toBe(0);
  await page.keyboard.press('Control+Shift+z');
  await expect.poll(() => nodeEl(page, 'up').locator('.node-mode-badge').count()).toBe(1);

  await page.getByRole('button', { name: 'Run', exact: true }).click();
  expect(await outputWidth(nodeEl(page, 'save'))).toBe(32); // the decoder's 32 px image, not upsampled
  expect(await up.locator('.node-phase').count()).toBe(0); // the server never started it
  await h.screenshot('20-bypassed-upsampler');

  await page.reload();
  await page.waitForSelector('html[data-ready="true"]');
  await expect.poll(() => nodeEl(page, 'up').locator('.node-mode-badge').textContent()).toBe('bypassed');

  await openMenu(page, nodeEl(page, 'up').locator('.node-header')).then((m) => choose(m, 'Bypass'));
  await expect.poll(() => modeOf('up')).toBeUndefined();
});

test('Ctrl+M mutes the selection: a muted upsampler and the save node after it do not run, a preview does', async () => {
  const { page } = h;
  const wf = upscaled();
  wf.nodes.push({ id: 'peek', type: 'image.preview', params: {}, ui: { position: { x: 1180, y: 420 } } });
  wf.edges.push({ from: { node: 'decoder', port: 'image' }, to: { node: 'peek', port: 'image' } });
  await uploadWorkflow(page, wf);
  await nodeEl(page, 'up').locator('.node-header').click();
  await page.keyboard.press('Control+m');
  await expect.poll(() => nodeEl(page, 'up').locator('.node-mode-badge').textContent()).toBe('muted');
  // The save node needs the muted upsampler: the canvas shows that it will be skipped too (before any run).
  await expect.poll(() => page.locator('.react-flow__node.starved').count()).toBe(1);
  expect(await page.locator('.react-flow__node.starved [data-node-id="save"]').count()).toBe(1);
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  expect(await outputWidth(nodeEl(page, 'peek'))).toBe(32);
  expect(await nodeEl(page, 'up').locator('.node-phase').count()).toBe(0);
  expect(await nodeEl(page, 'save').locator('.node-phase').count()).toBe(0);
  await page.keyboard.press('Control+m');
  await expect.poll(() => nodeEl(page, 'up').locator('.node-mode-badge').count()).toBe(0);
});

test('validation explains a bypass that cannot pass anything through, on the node', async () => {
  const { page } = h;
  await uploadWorkflow(page, upscaled());
  await nodeEl(page, 'decoder').locator('.node-header').click();
  await page.keyboard.press('Control+b');
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect
    .poll(() => nodeEl(page, 'decoder').textContent())
    .toContain('is bypassed but Decoder has no connected image input');
});
