/** An interpolation's frames: scrub with the slider, buttons, arrow keys and play; export APNG and a contact sheet. */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { nodeEl } from './editor-page.ts';
import { type Harness, startHarness } from './harness.ts';
import { interpolation, uploadWorkflow } from './workflows.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

/** Frame count of an APNG from its acTL chunk (0 when there is none). */
function apngFrames(bytes: Buffer): number {
  const at = bytes.indexOf('acTL');
  return at < 0 ? 0 : bytes.readUInt32BE(at + 4);
}

test('step through interpolation frames and export them', async () => {
  const { page } = h;
  await uploadWorkflow(page, interpolation(5));
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  const viewer = nodeEl(page, 'save').getByRole('group', { name: 'Frames' });
  await viewer.waitFor({ timeout: 90_000 });
  const label = viewer.locator('.frame-label');
  const slider = viewer.getByRole('slider', { name: 'Frame' });
  expect(await label.textContent()).toBe('t=0.00');

  await viewer.getByRole('button', { name: 'Next frame' }).click();
  expect(await label.textContent()).toBe('t=0.25');
  await slider.focus();
  await page.keyboard.press('ArrowRight');
  expect(await label.textContent()).toBe('t=0.50');
  await slider.fill('4');
  expect(await label.textContent()).toBe('t=1.00');
  await viewer.getByRole('button', { name: 'Previous frame' }).click();
  expect(await label.textContent()).toBe('t=0.75');
  expect(await viewer.locator('.frame-count').textContent()).toBe('4/5');
  await page.mouse.click(700, 800);
  await h.screenshot('05-interpolation-frames');

  await viewer.getByRole('combobox', { name: 'Frames per second' }).selectOption('24');
  await viewer.getByRole('button', { name: 'Play' }).click();
  await expect.poll(() => label.textContent()).not.toBe('t=0.75');
  await viewer.getByRole('button', { name: 'Pause' }).click();

  const apng = page.waitForEvent('download');
  await viewer.getByRole('button', { name: 'Export APNG' }).click();
  const apngBytes = readFileSync(await (await apng).path());
  expect(apngFrames(apngBytes)).toBe(5);
  const frameWidth = apngBytes.readUInt32BE(16);
  const sheet = page.waitForEvent('download');
  await viewer.getByRole('button', { name: 'Contact sheet' }).click();
  const sheetBytes = readFileSync(await (await sheet).path());
  expect(sheetBytes.subarray(1, 4).toString()).toBe('PNG');
  // Five frames make a 3-column grid with 8 px gaps.
  expect(sheetBytes.readUInt32BE(16)).toBe(3 * (frameWidth + 8) + 8);
});
