/** Page helpers for driving the editor like a user: palette, handles, params, runs. */
import type { Locator, Page } from 'playwright-core';
import type { Workflow } from '../../core/workflow/schema.ts';

export const nodeEl = (page: Page, id: string): Locator => page.locator(`[data-node-id="${id}"]`);

/** Double-click the empty canvas at (x, y), search the palette and add the first match; returns the new node's id. */
export async function addNodeAt(page: Page, x: number, y: number, search: string): Promise<string> {
  await page.mouse.dblclick(x, y);
  return pickInPalette(page, search);
}

export async function pickInPalette(page: Page, search: string): Promise<string> {
  const before = await nodeIds(page);
  await page.getByLabel('Search nodes').fill(search);
  await page.keyboard.press('Enter');
  await page.waitForFunction((n) => document.querySelectorAll('[data-node-id]').length > n, before.length);
  const after = await nodeIds(page);
  const added = after.find((id) => !before.includes(id));
  if (!added) throw new Error(`no node was added for "${search}"`);
  return added;
}

export async function nodeIds(page: Page): Promise<string[]> {
  return page.$$eval('[data-node-id]', (els) => els.map((e) => e.getAttribute('data-node-id')!));
}

async function handleCenter(page: Page, nodeId: string, port: string, type: 'source' | 'target') {
  const box = await page
    .locator(`.react-flow__handle[data-nodeid="${nodeId}"][data-handleid="${port}"].${type}`)
    .boundingBox();
  if (!box) throw new Error(`no ${type} handle ${nodeId}.${port}`);
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

/** Drag a wire from an output handle to an input handle. */
export async function connect(
  page: Page,
  from: string,
  fromPort: string,
  to: string,
  toPort: string,
): Promise<void> {
  const a = await handleCenter(page, from, fromPort, 'source');
  const b = await handleCenter(page, to, toPort, 'target');
  await page.mouse.move(a.x, a.y);
  await page.mouse.down();
  await page.mouse.move((a.x + b.x) / 2, (a.y + b.y) / 2, { steps: 4 });
  await page.mouse.move(b.x, b.y, { steps: 4 });
  await page.mouse.up();
}

/** Drag a wire from a handle (an output unless said otherwise) and drop it on empty canvas at (x, y). */
export async function dragWireTo(
  page: Page,
  from: string,
  fromPort: string,
  x: number,
  y: number,
  side: 'source' | 'target' = 'source',
): Promise<void> {
  const a = await handleCenter(page, from, fromPort, side);
  await page.mouse.move(a.x, a.y);
  await page.mouse.down();
  await page.mouse.move(x, y, { steps: 6 });
  await page.mouse.up();
}

export async function edgeCount(page: Page): Promise<number> {
  return page.locator('.react-flow__edge').count();
}

/** Set a number param by its label inside a node (the number box, not the slider). */
export async function setNumber(page: Page, nodeId: string, label: string, value: number): Promise<void> {
  const input = nodeEl(page, nodeId).getByRole('spinbutton', { name: label, exact: true });
  await input.fill(String(value));
  await input.press('Enter');
}

/** Waits until the editor has written the latest edit to localStorage (it writes a moment after each edit). */
export async function storedIsCurrent(page: Page): Promise<void> {
  await page.waitForSelector('html[data-stored="current"]', { state: 'attached' });
}

/** The workflow the editor keeps in localStorage, once the latest edit is written. */
export async function readStoredWorkflow(page: Page): Promise<Workflow> {
  await storedIsCurrent(page);
  return page.evaluate(() => JSON.parse(localStorage.getItem('unclip-studio/current') ?? '{}').workflow);
}

/** How many pairs of node boxes on the canvas intersect. */
export async function overlappingNodes(page: Page): Promise<number> {
  const boxes = await page.$$eval('.react-flow__node', (els) =>
    els.map((e) => e.getBoundingClientRect().toJSON()),
  );
  let count = 0;
  for (const [i, a] of boxes.entries())
    for (const b of boxes.slice(i + 1))
      if (a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom) count++;
  return count;
}

/** Drop a file on the canvas at (x, y), as dragging it from the desktop does. */
export async function dropOnCanvas(page: Page, name: string, bytes: Uint8Array, x: number, y: number) {
  await page.evaluate(
    ({ name, data, x, y }) => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([new Uint8Array(data)], name, { type: 'image/png' }));
      document.querySelector('.react-flow__pane')!.dispatchEvent(
        new DragEvent('drop', {
          clientX: x,
          clientY: y,
          bubbles: true,
          cancelable: true,
          dataTransfer: transfer,
        }),
      );
    },
    { name, data: [...bytes], x, y },
  );
}
