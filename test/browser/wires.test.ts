/** Wires: reroute points (typed, draggable, saved), the wire menu, and dragging a wire off a connected input. */
import { expect, test } from 'vitest';
import { connect, edgeCount, nodeEl } from './editor-page.ts';
import { choose, harnessPerFile, openMenu, storedWorkflow } from './vocabulary-page.ts';
import { quickImage, uploadWorkflow } from './workflows.ts';

const h = harnessPerFile();

const wires = async () =>
  ((await storedWorkflow(h.page)).ui?.wires ?? {}) as Record<string, { x: number; y: number }[]>;
const edgeTo = (node: string, port: string) =>
  h.page.locator(`.react-flow__edge[data-id$="->${node}.${port}"]`);

/** A point on the middle of a wire's path, in page coordinates. */
async function wireMiddle(node: string, port: string) {
  return edgeTo(node, port)
    .locator('path.react-flow__edge-path')
    .evaluate((p: SVGPathElement) => {
      const m = p.getPointAtLength(p.getTotalLength() / 2);
      const pt = p.ownerSVGElement!.createSVGPoint();
      pt.x = m.x;
      pt.y = m.y;
      const s = pt.matrixTransform(p.getScreenCTM()!);
      return { x: s.x, y: s.y };
    });
}

test('a reroute added from the wire menu takes the kind of the wire, drags, is saved, and undoes', async () => {
  const { page } = h;
  await uploadWorkflow(page, quickImage());
  const mid = await wireMiddle('save', 'image');
  const menu = await openMenu(page, mid);
  expect(await menu.getAttribute('aria-label')).toBe('Wire');
  await choose(menu, 'Add reroute');
  const dot = edgeTo('save', 'image').locator('circle.reroute');
  await dot.waitFor();
  expect(await dot.getAttribute('data-kind')).toBe('image');
  await expect.poll(async () => (await wires())['save.image']?.length).toBe(1);
  const [first] = (await wires())['save.image']!;

  const at = (await dot.boundingBox())!;
  await page.mouse.move(at.x + at.width / 2, at.y + at.height / 2);
  await page.mouse.down();
  await page.mouse.move(at.x + 6, at.y + 150, { steps: 5 });
  await page.mouse.up();
  await expect.poll(async () => (await wires())['save.image']![0]!.y - first!.y).toBeGreaterThan(100);
  await h.screenshot('22-reroute');

  await page.reload();
  await page.waitForSelector('html[data-ready="true"]');
  await edgeTo('save', 'image').locator('circle.reroute').waitFor();
  await choose(await openMenu(page, await wireMiddle('save', 'image')), 'Remove reroutes');
  await expect.poll(() => edgeTo('save', 'image').locator('circle.reroute').count()).toBe(0);
  await page.keyboard.press('Control+z');
  await expect.poll(() => edgeTo('save', 'image').locator('circle.reroute').count()).toBe(1);
});

test('the wire menu deletes the wire, undoably', async () => {
  const { page } = h;
  await uploadWorkflow(page, quickImage());
  await choose(await openMenu(page, await wireMiddle('save', 'image')), 'Delete wire');
  await expect.poll(() => edgeCount(page)).toBe(4);
  await page.keyboard.press('Control+z');
  await expect.poll(() => edgeCount(page)).toBe(5);
});

test('dragging from a connected input takes its wire to another input in one undo step', async () => {
  const { page } = h;
  const wf = quickImage();
  wf.nodes.push({ id: 'peek', type: 'image.preview', params: {}, ui: { position: { x: 1180, y: 360 } } });
  await uploadWorkflow(page, wf);
  const input = (await page
    .locator('.react-flow__handle.target[data-nodeid="save"][data-handleid="image"]')
    .boundingBox())!;
  const target = (await page
    .locator('.react-flow__handle.target[data-nodeid="peek"][data-handleid="image"]')
    .boundingBox())!;
  await page.mouse.move(input.x + input.width / 2, input.y + input.height / 2);
  await page.mouse.down();
  await page.mouse.move(input.x - 40, input.y + 100, { steps: 4 });
  await page.mouse.move(target.x + target.width / 2, target.y + target.height / 2, { steps: 4 });
  await page.mouse.up();
  await expect.poll(() => edgeTo('peek', 'image').count()).toBe(1);
  expect(await edgeTo('save', 'image').count()).toBe(0);
  expect(await edgeTo('peek', 'image').getAttribute('data-id')).toContain('decoder.image->');
  expect(await edgeCount(page)).toBe(5);
  await page.keyboard.press('Control+z');
  await expect.poll(() => edgeTo('save', 'image').count()).toBe(1);
  expect(await edgeTo('peek', 'image').count()).toBe(0);

  // Dropped on empty canvas the wire stays off (the palette offers a node for it; Escape declines).
  await connect(page, 'decoder', 'image', 'peek', 'image');
  const peekIn = (await page
    .locator('.react-flow__handle.target[data-nodeid="peek"][data-handleid="image"]')
    .boundingBox())!;
  await page.mouse.move(peekIn.x + peekIn.width / 2, peekIn.y + peekIn.height / 2);
  await page.mouse.down();
  await page.mouse.move(700, 800, { steps: 6 });
  await page.mouse.up();
  await page.keyboard.press('Escape');
  await expect.poll(() => edgeTo('peek', 'image').count()).toBe(0);
  expect(await nodeEl(page, 'peek').count()).toBe(1);
});
