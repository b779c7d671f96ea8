/**
 * Layout from measured node sizes: every shipped example opens, and stays after a run (previews and results
 * make nodes grow), at 1440x900 with no two nodes overlapping; new nodes go to free space; zooming out keeps
 * outputs and the nodes' sizes.
 */
import type { Page } from 'playwright-core';
import { expect, test } from 'vitest';
import { nodeEl, nodeIds, overlappingNodes, pickInPalette } from './editor-page.ts';
import { SHIPPED_EXAMPLES as examples } from './shipped-examples.ts';
import { harnessPerFile } from './vocabulary-page.ts';
import { quickImage, uploadWorkflow } from './workflows.ts';

const OUTPUT_TYPES = ['image.save', 'image.preview', 'embedding.similarity'];

const h = harnessPerFile();

/** Every image on the canvas has loaded (so nodes have their final size). */
const imagesLoaded = (page: Page) =>
  page.$$eval('.react-flow__node img', (imgs) => imgs.every((i) => (i as HTMLImageElement).complete));

/** Each node's position in flow coordinates, from React Flow's transforms. */
const flowPositions = (page: Page) =>
  page.$$eval('.react-flow__node', (els) =>
    Object.fromEntries(
      els.map((e) => {
        const m = new DOMMatrix(getComputedStyle(e).transform);
        return [e.getAttribute('data-id'), { x: Math.round(m.e), y: Math.round(m.f) }];
      }),
    ),
  );

test('all seven examples open and run at 1440x900 with no two nodes overlapping, before and after the run', async () => {
  const { page } = h;
  expect(page.viewportSize()).toEqual({ width: 1440, height: 900 });
  expect(examples).toHaveLength(7);
  for (const ex of examples) {
    await page.getByRole('button', { name: 'Examples ▾' }).click();
    await page.getByRole('menuitem', { name: ex.name, exact: true }).click();
    await expect.poll(() => nodeIds(page), { timeout: 10_000 }).toEqual(ex.nodes.map((n) => n.id));
    await expect.poll(() => imagesLoaded(page), { timeout: 10_000 }).toBe(true);
    await expect.poll(() => overlappingNodes(page), { message: `${ex.name} opened` }).toBe(0);
    // The saved positions already fit the nodes' real sizes: nothing had to be pushed aside.
    expect(await flowPositions(page)).toEqual(Object.fromEntries(ex.nodes.map((n) => [n.id, n.ui.position])));

    await page.getByRole('button', { name: 'Run', exact: true }).click();
    for (const out of ex.nodes.filter((n) => OUTPUT_TYPES.includes(n.type)))
      await expect
        .poll(() => nodeEl(page, out.id).locator('.node-phase').textContent(), { timeout: 120_000 })
        .toMatch(/done|cached/);
    await expect.poll(() => imagesLoaded(page), { timeout: 10_000 }).toBe(true);
    await expect.poll(() => overlappingNodes(page), { message: `${ex.name} after its run` }).toBe(0);
    await h.screenshot(`layout-${ex.name.replace(/\W+/g, '-')}`);
  }
}, 600_000);

test('nodes added from the keyboard without moving the pointer go to free space, not on top of each other', async () => {
  const { page } = h;
  await page.getByRole('button', { name: 'New', exact: true }).click();
  await page.mouse.click(400, 300); // focus leaves the New button; the pointer stays here from now on
  for (const search of ['load model', 'encode text', 'diffusion prior']) {
    await page.keyboard.press('Space');
    await pickInPalette(page, search);
  }
  await expect.poll(() => nodeIds(page)).toHaveLength(3);
  await expect.poll(() => overlappingNodes(page)).toBe(0);
});

test('zoomed out, widgets collapse but outputs stay and nodes keep their size', async () => {
  const { page } = h;
  await uploadWorkflow(page, quickImage('a red circle'));
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  const output = nodeEl(page, 'save').locator('img.output-image');
  await output.waitFor({ timeout: 90_000 });
  await expect.poll(() => imagesLoaded(page), { timeout: 10_000 }).toBe(true);
  const size = async (id: string) => {
    const box = (await nodeEl(page, id).boundingBox())!;
    const zoom = await page.$eval(
      '.react-flow__viewport',
      (v) => new DOMMatrix(getComputedStyle(v).transform).a,
    );
    return { width: Math.round(box.width / zoom), height: Math.round(box.height / zoom) };
  };
  const before = await size('decoder');
  // Zoom out with the Controls' button until the nodes go compact.
  while ((await page.locator('.studio-node.compact').count()) === 0)
    await page.getByRole('button', { name: 'Zoom Out' }).click();
  expect(await nodeEl(page, 'decoder').getByRole('spinbutton').count()).toBe(0);
  expect(await output.isVisible()).toBe(true);
  expect(await size('decoder')).toEqual(before);
});
