/**
 * Regenerates docs/editor-screenshot.png (the README's picture): the shipped text-to-image example, run at
 * its full default steps in the real editor against a real server. `npx tsx scripts/screenshot.ts`
 */
import { copyFileSync } from 'node:fs';
import path from 'node:path';
import { startHarness } from '../test/browser/harness.ts';

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
  await page.keyboard.press('f');
  await page.waitForTimeout(800);
  const shot = await h.screenshot('readme-text-to-image');
  copyFileSync(shot, path.join(import.meta.dirname, '..', 'docs', 'editor-screenshot.png'));
  console.log('wrote docs/editor-screenshot.png');
} finally {
  await h.close();
}
