/** Context menus (role="menu", arrow keys, Escape) on the canvas and on nodes: rename, colour, duplicate, collapse, pin, delete. */
import { expect, test } from 'vitest';
import { nodeEl, nodeIds, overlappingNodes } from './editor-page.ts';
import { choose, harnessPerFile, openMenu, storedNodeUi, storedWorkflow } from './vocabulary-page.ts';
import { quickImage, uploadWorkflow } from './workflows.ts';

const h = harnessPerFile();

const uiOf = (id: string) => storedNodeUi(h.page, id);

test('the canvas menu: arrow keys move through its items, Escape closes it; add node here, tidy, fit, paste', async () => {
  const { page } = h;
  await uploadWorkflow(page, quickImage());
  let menu = await openMenu(page, { x: 700, y: 700 });
  expect(await menu.getAttribute('aria-label')).toBe('Canvas');
  const focused = () => page.evaluate(() => document.activeElement?.textContent);
  expect(await focused()).toBe('Add node here');
  await page.keyboard.press('ArrowDown');
  expect(await focused()).toBe('Paste');
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('ArrowUp');
  expect(await focused()).toBe('Fit view');
  await page.keyboard.press('Escape');
  expect(await menu.count()).toBe(0);

  for (const n of ['text', 'emb'])
    await nodeEl(page, n)
      .locator('.node-header')
      .click({ modifiers: ['Control'] });
  await page.keyboard.press('Control+c');
  await choose(await openMenu(page, { x: 640, y: 720 }), 'Paste');
  await expect.poll(() => nodeIds(page).then((ids) => ids.length)).toBe(7);
  const pasted = (await nodeEl(page, 'text_encode_1').boundingBox())!;
  expect(Math.abs(pasted.x - 640)).toBeLessThan(30); // where the menu was opened
  await choose(await openMenu(page, { x: 1300, y: 200 }), 'Tidy');
  await expect.poll(async () => (await nodeEl(page, 'text_encode_1').boundingBox())!.x).not.toBe(pasted.x);
  expect(await overlappingNodes(page)).toBe(0);
  await choose(await openMenu(page, { x: 1300, y: 200 }), 'Fit view');
  await choose(await openMenu(page, { x: 1300, y: 200 }), 'Group selected nodes'); // the pasted pair
  await page.locator('[data-group-id="group_1"]').waitFor();

  menu = await openMenu(page, { x: 700, y: 760 });
  await page.keyboard.press('Enter'); // "Add node here" has the focus
  await page.getByLabel('Search nodes').fill('preview image');
  await page.keyboard.press('Enter');
  await expect.poll(() => nodeIds(page).then((ids) => ids.length)).toBe(8);
});

test('rename and colour a node from its menu: its type stays visible; saved and undoable', async () => {
  const { page } = h;
  await uploadWorkflow(page, quickImage());
  const decoder = nodeEl(page, 'decoder');
  await choose(await openMenu(page, decoder.locator('.node-header')), 'Rename');
  const input = page.getByRole('textbox', { name: 'Node title' });
  await input.fill('Small decoder');
  await input.press('Enter');
  await expect.poll(() => decoder.locator('.node-title-text').textContent()).toBe('Small decoder');
  expect(await decoder.locator('.node-type-title').textContent()).toBe('Decoder');

  await choose(await openMenu(page, decoder.locator('.node-header')), 'Colour');
  const colours = page.getByRole('menu', { name: 'Colour' });
  await choose(colours, 'Purple');
  await expect.poll(() => decoder.getAttribute('style')).toContain('--node-color');
  await expect.poll(() => uiOf('decoder')).toMatchObject({ title: 'Small decoder', color: 'purple' });

  await page.mouse.click(900, 760);
  await page.keyboard.press('Control+z');
  await expect.poll(() => decoder.getAttribute('style')).not.toContain('--node-color');
  await page.keyboard.press('Control+z');
  await expect.poll(() => decoder.locator('.node-title-text').textContent()).toBe('Decoder');
  await page.keyboard.press('Control+Shift+z');
  await page.keyboard.press('Control+Shift+z');
  await expect.poll(() => decoder.locator('.node-title-text').textContent()).toBe('Small decoder');

  await page.reload();
  await page.waitForSelector('html[data-ready="true"]');
  expect(await nodeEl(page, 'decoder').locator('.node-title-text').textContent()).toBe('Small decoder');
  expect(await nodeEl(page, 'decoder').getAttribute('style')).toContain('--node-color');
});

test('duplicate, collapse, pin and delete from the node menu', async () => {
  const { page } = h;
  await uploadWorkflow(page, quickImage());
  const text = nodeEl(page, 'text');
  await choose(await openMenu(page, text.locator('.node-header')), 'Duplicate');
  await expect.poll(() => nodeIds(page)).toContain('text_encode_1');
  expect(await nodeEl(page, 'text_encode_1').getByRole('textbox', { name: 'Prompt' }).inputValue()).toBe(
    'a green triangle',
  );

  await choose(await openMenu(page, text.locator('.node-header')), 'Collapse');
  await expect.poll(() => text.getByRole('textbox', { name: 'Prompt' }).count()).toBe(0);
  await choose(await openMenu(page, text.locator('.node-header')), 'Expand');
  await expect.poll(() => text.getByRole('textbox', { name: 'Prompt' }).count()).toBe(1);

  await choose(await openMenu(page, text.locator('.node-header')), 'Pin');
  await expect.poll(() => uiOf('text')).toMatchObject({ pinned: true });
  expect(await text.locator('.node-pin-badge').count()).toBe(1);
  const before = (await text.boundingBox())!;
  const saved = (await storedWorkflow(page)).nodes.find((n) => n.id === 'text')?.ui?.position;
  await page.mouse.move(before.x + 60, before.y + 12);
  await page.mouse.down();
  await page.mouse.move(before.x + 260, before.y + 212, { steps: 5 });
  await page.mouse.up();
  expect((await text.boundingBox())!.x).toBe(before.x);
  expect((await storedWorkflow(page)).nodes.find((n) => n.id === 'text')?.ui?.position).toEqual(saved);
  await choose(await openMenu(page, text.locator('.node-header')), 'Unpin');
  await expect.poll(async () => (await uiOf('text'))?.pinned).toBeUndefined();

  await choose(await openMenu(page, nodeEl(page, 'text_encode_1').locator('.node-header')), 'Delete');
  await expect.poll(() => nodeIds(page)).not.toContain('text_encode_1');
  await page.keyboard.press('Control+z');
  await expect.poll(() => nodeIds(page)).toContain('text_encode_1');
});
