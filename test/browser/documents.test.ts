/** Documents: save/reload/reopen, download and upload identical JSON, a dropped output PNG brings its workflow back. */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { addNodeAt, connect, nodeEl, nodeIds, readStoredWorkflow, storedIsCurrent } from './editor-page.ts';
import { type Harness, startHarness } from './harness.ts';
import { quickImage, uploadWorkflow } from './workflows.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

const dirtyDot = (h: Harness) => h.page.getByRole('img', { name: 'Unsaved changes' });

test('save to the library, survive reloads (warned when unsaved), reopen', async () => {
  const { page } = h;
  const model = await addNodeAt(page, 60, 120, 'load model');
  const text = await addNodeAt(page, 400, 120, 'encode text');
  await connect(page, model, 'model', text, 'model');
  await nodeEl(page, text).getByRole('textbox', { name: 'Prompt' }).fill('two green stars');
  await page.getByRole('textbox', { name: 'Workflow name' }).fill('green stars');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect.poll(() => dirtyDot(h).count()).toBe(0);

  await page.reload();
  await page.waitForSelector('html[data-ready="true"]');
  expect(await nodeIds(page)).toEqual([model, text]);
  expect(await page.getByRole('textbox', { name: 'Workflow name' }).inputValue()).toBe('green stars');

  // An unsaved change: leaving asks first, and the change is still there after the reload.
  await nodeEl(page, text).getByRole('textbox', { name: 'Prompt' }).fill('three green stars');
  await storedIsCurrent(page);
  const dialogs: string[] = [];
  page.on('dialog', (d) => dialogs.push(d.type()));
  await page.reload();
  await page.waitForSelector('html[data-ready="true"]');
  expect(dialogs).toContain('beforeunload');
  expect(await nodeEl(page, text).getByRole('textbox', { name: 'Prompt' }).inputValue()).toBe(
    'three green stars',
  );
  expect(await dirtyDot(h).count()).toBe(1);

  await page.getByRole('button', { name: 'New', exact: true }).click();
  expect(await nodeIds(page)).toEqual([]);
  await page.getByRole('button', { name: 'Open', exact: true }).click();
  await page.getByRole('button', { name: 'Open green stars' }).click();
  await expect.poll(() => nodeIds(page)).toEqual([model, text]);
  expect(await nodeEl(page, text).getByRole('textbox', { name: 'Prompt' }).inputValue()).toBe(
    'two green stars',
  );
});

test('download the workflow JSON and upload it back identical', async () => {
  const { page } = h;
  const first = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download', exact: true }).click();
  const text = readFileSync(await (await first).path(), 'utf8');
  expect(JSON.parse(text)).toEqual(await readStoredWorkflow(page));

  await page.getByRole('button', { name: 'New', exact: true }).click();
  await page
    .getByLabel('Upload workflow file')
    .setInputFiles({ name: 'green-stars.json', mimeType: 'application/json', buffer: Buffer.from(text) });
  await expect.poll(() => nodeIds(page).then((ids) => ids.length)).toBe(2);
  const second = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download', exact: true }).click();
  expect(readFileSync(await (await second).path(), 'utf8')).toBe(text);
});

test('dropping an output PNG on the canvas opens the workflow that made it', async () => {
  const { page } = h;
  const wf = quickImage('a yellow square');
  await uploadWorkflow(page, wf);
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  const output = nodeEl(page, 'save').locator('img.output-image');
  await output.waitFor({ timeout: 90_000 });
  const src = (await output.getAttribute('src'))!;

  await page.getByRole('button', { name: 'New', exact: true }).click();
  expect(await nodeIds(page)).toEqual([]);
  await page.evaluate(async (url) => {
    const bytes = await (await fetch(url)).blob();
    const data = new DataTransfer();
    data.items.add(new File([bytes], 'output.png', { type: 'image/png' }));
    const target = document.querySelector('.react-flow__pane')!;
    const at = { clientX: 500, clientY: 400, bubbles: true, cancelable: true, dataTransfer: data };
    target.dispatchEvent(new DragEvent('dragover', at));
    target.dispatchEvent(new DragEvent('drop', at));
  }, src);
  await expect.poll(() => nodeIds(page)).toEqual(wf.nodes.map((n) => n.id));
  const prompt = nodeEl(page, 'text').getByRole('textbox', { name: 'Prompt' });
  expect(await prompt.inputValue()).toBe('a yellow square');
});
