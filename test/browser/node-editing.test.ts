/** Node editing: resize handle, Alt+drag clone, an image dropped onto Load Image, run progress in the tab title. */
import { PNG } from 'pngjs';
import { expect, test } from 'vitest';
import { edgeCount, nodeEl, nodeIds } from './editor-page.ts';
import { harnessPerFile, storedNodeUi, storedWorkflow } from './vocabulary-page.ts';
import { quickImage, uploadWorkflow } from './workflows.ts';

const h = harnessPerFile();

const uiOf = (id: string) => storedNodeUi(h.page, id);

test('the selected node has a resize handle: a wider prompt box, saved as ui.width/height, kept on reload, undoable', async () => {
  const { page } = h;
  await uploadWorkflow(page, quickImage());
  const text = nodeEl(page, 'text');
  await text.locator('.node-header').click();
  const before = (await text.boundingBox())!;
  const prompt = (await text.getByRole('textbox', { name: 'Prompt' }).boundingBox())!;
  const corner = (await page.locator('.react-flow__resize-control.handle.bottom.right').boundingBox())!;
  await page.mouse.move(corner.x + corner.width / 2, corner.y + corner.height / 2);
  await page.mouse.down();
  await page.mouse.move(corner.x + 150, corner.y + 80, { steps: 6 });
  await page.mouse.up();
  await expect
    .poll(async () => Math.round((await text.boundingBox())!.width - before.width))
    .toBeGreaterThan(140);
  expect((await text.getByRole('textbox', { name: 'Prompt' }).boundingBox())!.width).toBeGreaterThan(
    prompt.width + 140,
  );
  await expect.poll(async () => (await uiOf('text'))?.width).toBeGreaterThan(before.width + 140);
  expect((await uiOf('text'))?.height).toBeGreaterThan(before.height + 70);

  await page.reload();
  await page.waitForSelector('html[data-ready="true"]');
  expect((await nodeEl(page, 'text').boundingBox())!.width).toBeGreaterThan(before.width + 140);
  await nodeEl(page, 'text').locator('.node-header').click();
  await page.locator('.react-flow__resize-control.handle.bottom.right').waitFor();
  const again = (await page.locator('.react-flow__resize-control.handle.bottom.right').boundingBox())!;
  await page.mouse.move(again.x + again.width / 2, again.y + again.height / 2);
  await page.mouse.down();
  await page.mouse.move(again.x - 60, again.y, { steps: 4 });
  await page.mouse.up();
  const narrowed = (await nodeEl(page, 'text').boundingBox())!.width;
  await page.keyboard.press('Control+z');
  await expect
    .poll(async () => (await nodeEl(page, 'text').boundingBox())!.width)
    .toBeGreaterThan(narrowed + 50);
});

test('Alt+drag clones a node: the copy lands where dropped, the original keeps its place and wires', async () => {
  const { page } = h;
  await uploadWorkflow(page, quickImage());
  const text = nodeEl(page, 'text');
  const start = (await text.boundingBox())!;
  await page.keyboard.down('Alt');
  await page.mouse.move(start.x + 60, start.y + 12);
  await page.mouse.down();
  await page.mouse.move(start.x + 60, start.y + 352, { steps: 6 });
  await page.mouse.up();
  await page.keyboard.up('Alt');
  await expect.poll(() => nodeIds(page)).toContain('text_encode_1');
  const clone = (await nodeEl(page, 'text_encode_1').boundingBox())!;
  expect(clone.y - start.y).toBeGreaterThan(250); // React Flow may drop the last pointer step of a quick drag
  expect((await text.boundingBox())!.y).toBe(start.y);
  expect(await edgeCount(page)).toBe(5); // the clone has no wires
  expect(await nodeEl(page, 'text_encode_1').getByRole('textbox', { name: 'Prompt' }).inputValue()).toBe(
    'a green triangle',
  );
  await page.keyboard.press('Control+z');
  await expect.poll(() => nodeIds(page)).not.toContain('text_encode_1');
});

test('an image dropped onto a Load Image node sets that node file instead of adding a node', async () => {
  const { page } = h;
  const wf = quickImage();
  wf.nodes.push({ id: 'photo', type: 'image.load', params: {}, ui: { position: { x: 0, y: 400 } } });
  await uploadWorkflow(page, wf);
  const png = new PNG({ width: 12, height: 12 });
  png.data.fill(180);
  await page.evaluate(
    async (data) => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([new Uint8Array(data)], 'mine.png', { type: 'image/png' }));
      const node = document.querySelector('[data-node-id="photo"] .node-header')!;
      const box = node.getBoundingClientRect();
      const at = { clientX: box.x + 20, clientY: box.y + 10, bubbles: true, cancelable: true };
      node.dispatchEvent(new DragEvent('drop', { ...at, dataTransfer: transfer }));
    },
    [...PNG.sync.write(png)],
  );
  const thumb = nodeEl(page, 'photo').locator('img.thumb');
  await expect
    .poll(() => thumb.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth))
    .toBe(12);
  expect(await nodeIds(page)).toHaveLength(6);
  await expect
    .poll(async () => (await storedWorkflow(page)).nodes.find((n) => n.id === 'photo')?.params.file)
    .toMatch(/\.png$/);
  await page.keyboard.press('Control+z');
  await expect.poll(() => thumb.count()).toBe(0);
});

test('while a run goes, the tab title shows its progress, then the name alone', async () => {
  const { page } = h;
  const wf = quickImage();
  wf.nodes.find((n) => n.id === 'decoder')!.params.steps = 40;
  await uploadWorkflow(page, wf);
  expect(await page.title()).toBe('quick image - unCLIP Studio');
  const seen = new Set<string>();
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect
    .poll(
      async () => {
        seen.add(await page.title());
        return [...seen].some((t) => /^\[([1-9]\d?)%\] quick image - unCLIP Studio$/.test(t));
      },
      { interval: 20, timeout: 60_000 },
    )
    .toBe(true);
  await nodeEl(page, 'save').locator('img.output-image').waitFor({ timeout: 90_000 });
  await expect.poll(() => page.title()).toBe('quick image - unCLIP Studio');
});
