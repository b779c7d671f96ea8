/**
 * Regenerates docs/editor-screenshot.png (the README's picture): the shipped text-to-image example, run at
 * its full default steps in the real editor against a real server, with its two halves framed as groups
 * (made through the UI: select, Ctrl+G, rename and colour from the group menu). `npx tsx scripts/screenshot.ts`
 */
import { copyFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { nodeEl, overlappingNodes } from '../test/browser/editor-page.ts';
import { startHarness } from '../test/browser/harness.ts';
import { choose, openMenu } from '../test/browser/vocabulary-page.ts';

/** Frame these nodes as a group with a title and a colour, as a user would. */
async function group(page: Page, ids: string[], title: string, colour: string): Promise<void> {
  await page.mouse.click(5, 880);
  for (const id of ids)
    await nodeEl(page, id)
      .locator('.node-header')
      .click({ modifiers: ['Control'] });
  const before = await page.locator('[data-group-id]').count();
  await page.keyboard.press('Control+g');
  const frame = page.locator('[data-group-id]').nth(before);
  await choose(await openMenu(page, frame.locator('.group-name')), 'Rename');
  await page.getByRole('textbox', { name: 'Group title' }).fill(title);
  await page.keyboard.press('Enter');
  await choose(await openMenu(page, frame.locator('.group-name')), 'Colour');
  await choose(page.getByRole('menu', { name: 'Colour' }), colour);
}

const h = await startHarness();
try {
  const { page } = h;
  await page.getByRole('button', { name: 'Examples ▾' }).click();
  await page.getByRole('menuitem', { name: 'Text to image', exact: true }).click();
  await page.getByRole('button', { name: 'Tidy', exact: true }).click();
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await page
    .locator('[data-node-type="image.save"] img.output-image, [data-node-type="image.save"] .frame-viewer')
    .first()
    .waitFor({ timeout: 120_000 });
  await group(page, ['model', 'prompt', 'prior'], 'Text → CLIP image embedding', 'Purple');
  await group(page, ['decoder', 'upsample1', 'upsample2'], 'Decode 32 px → 128 px', 'Green');
  await page.mouse.click(5, 880);
  await page.keyboard.press('f');
  await page.waitForFunction(
    () => !document.querySelector('.react-flow__viewport')?.getAnimations?.().length,
  );
  const overlaps = await overlappingNodes(page);
  if (overlaps) throw new Error(`${overlaps} pairs of nodes overlap: not a picture for the README`);
  const shot = await h.screenshot('readme-text-to-image');
  copyFileSync(shot, path.join(import.meta.dirname, '..', 'docs', 'editor-screenshot.png'));
  console.log('wrote docs/editor-screenshot.png');
} finally {
  await h.close();
}
