/** Page helpers for the editing vocabulary tests: context menus, stored workflow fields, a workflow with an upsampler. */
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import type { Workflow } from '../../core/workflow/schema.ts';
import { readStoredWorkflow } from './editor-page.ts';
import { type Harness, startHarness } from './harness.ts';
import { quickImage } from './workflows.ts';

/** One harness (server + browser) for a test file: started before its tests, closed after them. */
export function harnessPerFile(): Harness {
  let h: Harness | undefined;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.close();
  });
  return new Proxy({} as Harness, {
    get(_, key) {
      if (!h) throw new Error('the harness starts in beforeAll');
      const value = Reflect.get(h, key);
      return typeof value === 'function' ? value.bind(h) : value;
    },
  });
}

/** Right-click a point of the page (or the centre of a locator) and return the menu that opened. */
export async function openMenu(page: Page, where: Locator | { x: number; y: number }): Promise<Locator> {
  if ('click' in where) await where.click({ button: 'right' });
  else await page.mouse.click(where.x, where.y, { button: 'right' });
  const menu = page.getByRole('menu');
  await menu.waitFor();
  return menu;
}

/** Choose a menu item by its name (menuitem or menuitemcheckbox). */
export async function choose(menu: Locator, name: string): Promise<void> {
  await menu
    .locator('[role^="menuitem"]', { hasText: new RegExp(`^${name}`) })
    .first()
    .click();
}

/** quickImage with a 2-step stage-1 upsampler between the decoder and the save node (32 px -> 64 px). */
export function upscaled(): Workflow {
  const wf = quickImage('a red circle');
  wf.name = 'upscaled';
  wf.nodes.splice(4, 0, {
    id: 'up',
    type: 'upsampler.sample',
    params: { stage: 1, steps: 2 },
    ui: { position: { x: 1180, y: 0 } },
  });
  wf.nodes.find((n) => n.id === 'save')!.ui = { position: { x: 1480, y: 0 } };
  wf.edges = wf.edges.filter((e) => e.to.node !== 'save');
  wf.edges.push(
    { from: { node: 'model', port: 'model' }, to: { node: 'up', port: 'model' } },
    { from: { node: 'decoder', port: 'image' }, to: { node: 'up', port: 'image' } },
    { from: { node: 'up', port: 'image' }, to: { node: 'save', port: 'image' } },
  );
  return wf;
}

/** The workflow kept in localStorage, once the latest edit is written. */
export const storedWorkflow = readStoredWorkflow;

/** A node's `ui` in the stored workflow. */
export async function storedNodeUi(page: Page, id: string): Promise<Record<string, unknown> | undefined> {
  return (await readStoredWorkflow(page)).nodes.find((n) => n.id === id)?.ui;
}

/** Width of the first output image of a node once it has loaded. */
export async function outputWidth(node: Locator): Promise<number> {
  const img = node.locator('img.output-image').first();
  await img.waitFor({ timeout: 90_000 });
  return img.evaluate(
    (el: HTMLImageElement) =>
      new Promise<number>((resolve) => {
        if (el.complete && el.naturalWidth) resolve(el.naturalWidth);
        else el.addEventListener('load', () => resolve(el.naturalWidth), { once: true });
      }),
  );
}
