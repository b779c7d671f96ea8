/**
 * Issue 13 part A, keyboard: Escape closes the Open dialog, the side panels and the Examples menu, each a named
 * dialog or menu, with focus back where it was; arrow keys in the menu; nodes before edges in Tab order;
 * Examples ask before replacing unsaved changes.
 */
import type { Page } from 'playwright-core';
import { expect, test } from 'vitest';
import { addNodeAt, nodeIds } from './editor-page.ts';
import { harnessPerFile } from './vocabulary-page.ts';
import { quickImage, uploadWorkflow } from './workflows.ts';

const h = harnessPerFile();

/** The accessible name (aria-label or text) of the focused element. */
const focused = (page: Page) =>
  page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    return el?.getAttribute('aria-label') ?? el?.textContent?.trim() ?? '';
  });
const focusInside = (page: Page, selector: string) =>
  page.evaluate((s) => Boolean(document.activeElement?.closest(s)), selector);

test('Escape closes the Open dialog and the side panels, and focus returns to the button that opened them', async () => {
  const { page } = h;
  await page.getByRole('button', { name: 'Open', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Open workflow' });
  expect(await dialog.isVisible()).toBe(true);
  expect(await focusInside(page, '[role="dialog"]')).toBe(true);
  await page.keyboard.press('Escape');
  expect(await dialog.count()).toBe(0);
  expect(await focused(page)).toBe('Open');

  for (const name of ['Help', 'Queue', 'History']) {
    await page.getByRole('button', { name, exact: true }).click();
    const panel = page.getByRole('dialog', { name });
    expect(await panel.isVisible()).toBe(true);
    expect(await focusInside(page, '.side-panel')).toBe(true);
    await page.keyboard.press('Escape');
    expect(await panel.count()).toBe(0);
    expect(await focused(page)).toBe(name);
  }
});

test('the Examples menu: arrow keys, Home and End move, Escape closes and returns focus', async () => {
  const { page } = h;
  const button = page.getByRole('button', { name: 'Examples ▾' });
  await button.focus();
  await page.keyboard.press('ArrowDown');
  const menu = page.getByRole('menu', { name: 'Examples' });
  expect(await menu.isVisible()).toBe(true);
  const items = await menu.getByRole('menuitem').allTextContents();
  expect(items.length).toBe(7);
  expect(await focused(page)).toBe(items[0]);
  await page.keyboard.press('ArrowDown');
  expect(await focused(page)).toBe(items[1]);
  await page.keyboard.press('End');
  expect(await focused(page)).toBe(items[6]);
  await page.keyboard.press('ArrowDown');
  expect(await focused(page)).toBe(items[0]);
  await page.keyboard.press('ArrowUp');
  expect(await focused(page)).toBe(items[6]);
  await page.keyboard.press('Home');
  expect(await focused(page)).toBe(items[0]);
  await page.keyboard.press('Escape');
  expect(await menu.count()).toBe(0);
  expect(await focused(page)).toBe('Examples ▾');
});

test('Tab visits every node (and its controls) before any edge, then leaves the canvas', async () => {
  const { page } = h;
  const wf = quickImage();
  await uploadWorkflow(page, wf);
  await page.getByRole('button', { name: 'Help', exact: true }).focus();
  /** Where focus is: the node it is in, an edge, or elsewhere. */
  const where = () =>
    page.evaluate(() => {
      const el = document.activeElement!;
      const node = el.closest('.react-flow__node');
      if (node) return `node ${node.getAttribute('data-id')}`;
      return el.classList.contains('react-flow__edge') ? 'edge' : 'other';
    });
  const stops: string[] = [];
  for (let i = 0; i < 200; i++) {
    await page.keyboard.press('Tab');
    const stop = await where();
    if (stop === 'other') break;
    if (stops.at(-1) !== stop || stop === 'edge') stops.push(stop);
  }
  expect(stops).toEqual([...wf.nodes.map((n) => `node ${n.id}`), ...wf.edges.map(() => 'edge')]);
});

test('opening an example over unsaved changes asks first; saying no keeps the graph', async () => {
  // A page of its own: the harness's pages accept every dialog.
  const page = await h.context.newPage();
  await page.goto(h.url);
  await page.waitForSelector('html[data-ready="true"]');
  await page.getByRole('button', { name: 'New', exact: true }).click();
  const mine = await addNodeAt(page, 300, 300, 'load model');
  const asked: string[] = [];
  page.once('dialog', (d) => {
    asked.push(d.message());
    void d.dismiss();
  });
  await page.getByRole('button', { name: 'Examples ▾' }).click();
  await page.getByRole('menuitem', { name: 'Text to image', exact: true }).click();
  await expect.poll(() => asked.length).toBe(1);
  expect(asked[0]).toContain('unsaved changes');
  expect(await nodeIds(page)).toEqual([mine]);

  page.once('dialog', (d) => void d.accept());
  await page.getByRole('button', { name: 'Examples ▾' }).click();
  await page.getByRole('menuitem', { name: 'Text to image', exact: true }).click();
  await expect.poll(() => nodeIds(page)).toContain('decoder');
  await page.close();
});
