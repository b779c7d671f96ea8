/** Paste: a pasted block goes to free space near the pointer (keeping its shape) and carries its wires' reroutes. */
import { expect, test } from 'vitest';
import type { Workflow } from '../../core/workflow/schema.ts';
import { nodeEl, nodeIds, overlappingNodes, storedIsCurrent } from './editor-page.ts';
import { harnessPerFile, storedWorkflow } from './vocabulary-page.ts';
import { quickImage, uploadWorkflow } from './workflows.ts';

const h = harnessPerFile();

/** Canvas positions of the nodes on the page (React Flow places each by a translate in canvas units). */
async function positions(): Promise<Record<string, { x: number; y: number }>> {
  const list = await h.page.$$eval('.react-flow__node', (els) =>
    els.map((e) => {
      const [x, y] = (e as HTMLElement).style.transform.match(/-?[\d.]+/g)!.map(Number);
      return [e.getAttribute('data-id')!, { x: x!, y: y! }] as const;
    }),
  );
  return Object.fromEntries(list);
}

async function copyTextAndEmbedding(): Promise<void> {
  for (const n of ['text', 'emb'])
    await nodeEl(h.page, n)
      .locator('.node-header')
      .click({ modifiers: ['Control'] });
  await h.page.keyboard.press('Control+c');
}

const nodeCount = () => nodeIds(h.page).then((ids) => ids.length);

test('pasting twice at the same pointer position puts the second copy beside the first, keeping its shape', async () => {
  const { page } = h;
  await uploadWorkflow(page, quickImage());
  await copyTextAndEmbedding();
  await page.mouse.move(500, 620);
  await page.keyboard.press('Control+v');
  await expect.poll(nodeCount).toBe(7);
  await expect.poll(() => overlappingNodes(page)).toBe(0);
  const first = await positions();

  await page.keyboard.press('Control+v'); // the pointer has not moved
  await expect.poll(nodeCount).toBe(9);
  await expect.poll(() => overlappingNodes(page)).toBe(0);
  const second = await positions();
  // Nothing already on the canvas was pushed aside: the new copy found its own place.
  for (const [id, p] of Object.entries(first)) expect(second[id], id).toEqual(p);
  // The copy keeps the arrangement of what was copied.
  const gap = (a: string, b: string) => ({
    x: Math.round(second[b]!.x - second[a]!.x),
    y: Math.round(second[b]!.y - second[a]!.y),
  });
  expect(gap('text_encode_2', 'embedding_from_text_2')).toEqual(gap('text', 'emb'));

  await page.keyboard.press('Control+z'); // one undo step removes the second copy
  await expect.poll(nodeCount).toBe(7);
  expect(await positions()).toEqual(first);
});

test('copied nodes carry the reroute points of the wires between them, shifted with the nodes; undo removes them', async () => {
  const { page } = h;
  const wf: Workflow = { ...quickImage(), ui: { wires: { 'emb.text': [{ x: 450, y: 320 }] } } };
  await uploadWorkflow(page, wf);
  await copyTextAndEmbedding();
  await page.mouse.move(600, 640);
  await page.keyboard.press('Control+v');
  await expect.poll(nodeCount).toBe(7);

  await storedIsCurrent(page);
  const pasted = Object.fromEntries((await storedWorkflow(page)).nodes.map((n) => [n.id, n.ui!.position!]));
  const shift = { x: pasted.text_encode_1!.x - pasted.text!.x, y: pasted.text_encode_1!.y - pasted.text!.y };
  const wires = async () => ((await storedWorkflow(page)).ui?.wires ?? {}) as Record<string, unknown>;
  expect(await wires()).toEqual({
    'emb.text': [{ x: 450, y: 320 }],
    'embedding_from_text_1.text': [{ x: 450 + shift.x, y: 320 + shift.y }],
  });
  const newWire = page.locator('.react-flow__edge[data-id$="->embedding_from_text_1.text"]');
  expect(await newWire.locator('circle.reroute').count()).toBe(1);

  await page.keyboard.press('Control+z');
  await expect.poll(nodeCount).toBe(5);
  await storedIsCurrent(page);
  expect(await wires()).toEqual({ 'emb.text': [{ x: 450, y: 320 }] });
});
