/** The Examples menu: every shipped example opens with all its node types known; image examples get their inputs. */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { nodeEl, nodeIds } from './editor-page.ts';
import { type Harness, startHarness } from './harness.ts';
import { SHIPPED_EXAMPLES as examples } from './shipped-examples.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

async function openExample(h: Harness, name: string) {
  await h.page.getByRole('button', { name: 'Examples ▾' }).click();
  await h.page.getByRole('menuitem', { name, exact: true }).click();
}

test('every example opens from the menu with all its nodes, none unknown', async () => {
  expect(examples.length).toBeGreaterThan(0);
  for (const ex of examples) {
    await openExample(h, ex.name);
    // Opening uploads the example's input images first: allow for a loaded machine.
    await expect.poll(() => nodeIds(h.page), { timeout: 10_000 }).toEqual(ex.nodes.map((n) => n.id));
    expect(await h.page.locator('.studio-node.missing').count()).toBe(0);
  }
});

test('an example that reads an image uploads it, shows its thumbnail and runs', async () => {
  const ex = examples.find((e) => e.nodes.some((n) => n.type === 'image.load'));
  if (!ex) throw new Error('no shipped example reads an image (examples/ should have one: image variations)');
  const loader = ex.nodes.find((n) => n.type === 'image.load')!;
  await openExample(h, ex.name);
  // Laid out at their real sizes, the larger examples open zoomed out, where widgets (the thumbnail) collapse.
  await nodeEl(h.page, loader.id).waitFor();
  while (await h.page.locator('.studio-node.compact').count())
    await h.page.getByRole('button', { name: 'Zoom In' }).click();
  const thumb = nodeEl(h.page, loader.id).locator('img.thumb');
  await expect
    .poll(() => thumb.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth))
    .toBeGreaterThan(0);
  await h.page.getByRole('button', { name: 'Tidy', exact: true }).click();
  const started = Date.now();
  await h.page.getByRole('button', { name: 'Run', exact: true }).click();
  const outputs = h.page.locator(
    '[data-node-type="image.save"] img.output-image, [data-node-type="image.save"] .frame-viewer',
  );
  await outputs.first().waitFor({ timeout: 110_000 });
  console.log(`"${ex.name}" ran in ${Date.now() - started} ms`);
  await h.page.mouse.click(700, 860);
  await h.screenshot('08-example-run');
});
