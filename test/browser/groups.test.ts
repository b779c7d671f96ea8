/** Groups: Ctrl+G and the menu create them; dragging the title moves their nodes; resize, collapse, rename, colour; saved and undoable. */
import { expect, test } from 'vitest';
import type { Group } from '../../editor/src/groups/groups.ts';
import { nodeEl } from './editor-page.ts';
import { choose, harnessPerFile, openMenu, storedWorkflow } from './vocabulary-page.ts';
import { quickImage, uploadWorkflow } from './workflows.ts';

const h = harnessPerFile();

const groupsStored = async () => ((await storedWorkflow(h.page)).ui?.groups ?? []) as Group[];
const box = async (id: string) => (await nodeEl(h.page, id).boundingBox())!;

test('Ctrl+G frames the selection; dragging its title moves the nodes inside, not the others; undo puts them back', async () => {
  const { page } = h;
  await uploadWorkflow(page, quickImage());
  await nodeEl(page, 'text').locator('.node-header').click();
  await nodeEl(page, 'emb')
    .locator('.node-header')
    .click({ modifiers: ['Control'] });
  await page.keyboard.press('Control+g');
  await page.keyboard.press('?');
  expect(await page.getByRole('region', { name: 'Help' }).getByText('Group the selected nodes').count()).toBe(
    1,
  );
  await page.keyboard.press('?');
  const frame = page.locator('[data-group-id="group_1"]');
  await frame.waitFor();
  await expect.poll(async () => (await groupsStored()).map((g) => g.title)).toEqual(['Group']);

  const [text, emb, model] = [await box('text'), await box('emb'), await box('model')];
  const title = (await frame.locator('.group-title').boundingBox())!;
  await page.mouse.move(title.x + title.width - 30, title.y + 10);
  await page.mouse.down();
  await page.mouse.move(title.x + title.width - 30, title.y + 130, { steps: 5 });
  await page.mouse.up();
  await expect.poll(async () => Math.round((await box('text')).y - text.y)).toBeGreaterThan(100);
  expect(Math.round((await box('emb')).y - emb.y)).toBe(Math.round((await box('text')).y - text.y));
  expect((await box('model')).y).toBe(model.y);
  await h.screenshot('21-group-moved');

  await page.keyboard.press('Control+z');
  await expect.poll(async () => Math.round((await box('text')).y)).toBe(Math.round(text.y));
  await page.keyboard.press('Control+Shift+z');
  await expect.poll(async () => Math.round((await box('text')).y - text.y)).toBeGreaterThan(100);
});

test('resize by the corner, collapse hides its nodes, rename and colour from its menu; all saved across a reload', async () => {
  const { page } = h;
  const frame = page.locator('[data-group-id="group_1"]');
  const before = (await frame.boundingBox())!;
  const corner = (await frame.locator('.group-resize').boundingBox())!;
  await page.mouse.move(corner.x + 8, corner.y + 8);
  await page.mouse.down();
  await page.mouse.move(corner.x + 108, corner.y + 58, { steps: 5 });
  await page.mouse.up();
  await expect.poll(async () => Math.round((await frame.boundingBox())!.width - before.width)).toBe(100);

  let menu = await openMenu(page, frame.locator('.group-name'));
  await choose(menu, 'Rename');
  const input = page.getByRole('textbox', { name: 'Group title' });
  await input.fill('Prompt side');
  await input.press('Enter');
  await expect.poll(() => frame.locator('.group-name').textContent()).toBe('Prompt side');
  menu = await openMenu(page, frame.locator('.group-name'));
  await choose(menu, 'Colour');
  await choose(page.getByRole('menu', { name: 'Colour' }), 'Green');
  await expect.poll(async () => (await groupsStored())[0]?.color).toBe('green');

  await frame.getByRole('button', { name: 'Collapse group Prompt side' }).click();
  await expect.poll(() => nodeEl(page, 'text').isVisible()).toBe(false);
  expect(await nodeEl(page, 'emb').isVisible()).toBe(false);
  expect(await nodeEl(page, 'model').isVisible()).toBe(true);
  await expect.poll(async () => (await groupsStored())[0]?.collapsed).toBe(true);

  await page.reload();
  await page.waitForSelector('html[data-ready="true"]');
  const again = page.locator('[data-group-id="group_1"]');
  await again.waitFor();
  expect(await again.locator('.group-name').textContent()).toBe('Prompt side');
  expect(await nodeEl(page, 'text').isVisible()).toBe(false);
  await again.getByRole('button', { name: 'Expand group Prompt side' }).click();
  await expect.poll(() => nodeEl(page, 'text').isVisible()).toBe(true);
  await page.keyboard.press('Control+z');
  await expect.poll(() => nodeEl(page, 'text').isVisible()).toBe(false);
});

test('the node menu groups that node; the group menu removes the frame but keeps the nodes', async () => {
  const { page } = h;
  await uploadWorkflow(page, quickImage());
  const menu = await openMenu(page, nodeEl(page, 'decoder').locator('.node-header'));
  await choose(menu, 'Group this node');
  const frame = page.locator('[data-group-id="group_1"]');
  await frame.waitFor();
  await choose(await openMenu(page, frame.locator('.group-name')), 'Remove group');
  await expect.poll(() => frame.count()).toBe(0);
  expect(await nodeEl(page, 'decoder').count()).toBe(1);
  await expect.poll(async () => (await storedWorkflow(page)).ui?.groups).toBeUndefined();
});
