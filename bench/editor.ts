/**
 * Editor bench, in Chromium against a real server: load time to interactive, and a 300-node workflow's load
 * time and frame times while panning (requestAnimationFrame deltas measured in the page).
 */
import type { Page } from 'playwright-core';
import { WORKFLOW_FORMAT, WORKFLOW_VERSION, type Workflow } from '../core/workflow/schema.ts';
import { startHarness } from '../test/browser/harness.ts';

const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? Number.NaN;
};
const ms = (v: number) => `${v.toFixed(1)} ms`;

/** 60 text-to-image chains of five nodes each, on a grid. */
function bigWorkflow(chains: number): Workflow {
  const wf: Workflow = {
    format: WORKFLOW_FORMAT,
    version: WORKFLOW_VERSION,
    name: 'bench-300',
    nodes: [],
    edges: [],
  };
  const chain = ['model.load', 'text.encode', 'embedding.from_text', 'decoder.sample', 'image.save'];
  const ports: [string, string][] = [
    ['model', 'model'],
    ['text', 'text'],
    ['embedding', 'embedding'],
    ['image', 'image'],
  ];
  for (let c = 0; c < chains; c++) {
    chain.forEach((type, i) => {
      const position = { x: i * 300 + (c % 4) * 1600, y: Math.floor(c / 4) * 420 };
      wf.nodes.push({ id: `n${c}_${i}`, type, params: {}, ui: { position } });
    });
    ports.forEach(([from, to], i) => {
      wf.edges.push({ from: { node: `n${c}_${i}`, port: from }, to: { node: `n${c}_${i + 1}`, port: to } });
    });
  }
  return wf;
}

/** Frame deltas while the mouse drags the canvas by (dx, dy) in `steps` moves. */
async function panFrames(page: Page, dx: number, dy: number, steps: number): Promise<number[]> {
  // A string, so no bundler helper (e.g. __name) leaks into the page.
  await page.evaluate(`(() => {
    window.__frames = [];
    window.__stop = false;
    let last = performance.now();
    const tick = (now) => {
      window.__frames.push(now - last);
      last = now;
      if (!window.__stop) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  })()`);
  await page.mouse.move(700, 450);
  await page.mouse.down();
  await page.mouse.move(700 + dx, 450 + dy, { steps });
  await page.mouse.up();
  return page.evaluate(() => {
    const w = window as unknown as { __frames: number[]; __stop: boolean };
    w.__stop = true;
    return w.__frames.slice(2);
  });
}

/** The canvas zoom, read from the viewport's CSS transform. */
function zoomOf(page: Page): Promise<number> {
  return page.$eval('.react-flow__viewport', (el) => new DOMMatrix(getComputedStyle(el).transform).a);
}

/** Resolves once the viewport transform is the same over five consecutive frames (fit/zoom animations done). */
function viewportSettled(page: Page): Promise<void> {
  // A string, like panFrames: tsx would wrap named inner functions in a helper the page does not have.
  return page.evaluate(`new Promise((resolve) => {
    const viewport = document.querySelector('.react-flow__viewport');
    let last = '';
    let still = 0;
    const tick = () => {
      const now = getComputedStyle(viewport).transform;
      still = now === last ? still + 1 : 0;
      last = now;
      if (still >= 5) resolve();
      else requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  })`);
}

export async function run(): Promise<void> {
  const h = await startHarness();
  try {
    const loads: number[] = [];
    for (let i = 0; i < 5; i++) {
      const page = await h.newPage();
      loads.push(
        await page.evaluate(() => performance.getEntriesByName('unclip-studio:ready')[0]!.startTime),
      );
      await page.close();
    }
    console.log(
      `editor load to interactive (catalogue fetched, canvas ready): median ${ms(quantile(loads, 0.5))} of 5`,
    );

    const { page } = h;
    const wf = bigWorkflow(60);
    const started = Date.now();
    await page.getByLabel('Upload workflow file').setInputFiles({
      name: 'bench.json',
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify(wf)),
    });
    await page.waitForFunction(() => document.querySelectorAll('.react-flow__node').length > 0);
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    const loadMs = Date.now() - started;
    const rendered = await page.locator('.react-flow__node').count();
    console.log(
      `300-node workflow (${wf.edges.length} edges): load + first frames ${ms(loadMs)} (${rendered} nodes on screen, fitted)`,
    );

    const fitted = await panFrames(page, -400, -200, 60);
    console.log(
      `panning, whole graph in view (compact nodes below zoom 0.45): median frame ${ms(quantile(fitted, 0.5))}, p95 ${ms(quantile(fitted, 0.95))} (${fitted.length} frames)`,
    );
    await page.mouse.click(5, 880);
    await page.keyboard.press('f');
    await viewportSettled(page);
    const zoomIn = page.getByRole('button', { name: 'Zoom In' });
    while ((await zoomOf(page)) < 1) {
      await zoomIn.click();
      await viewportSettled(page);
    }
    const zoomed = await panFrames(page, -500, -300, 60);
    const visible = await page.locator('.react-flow__node').count();
    const zoom = (await zoomOf(page)).toFixed(2);
    console.log(
      `panning at zoom ${zoom} (full detail, ${visible} nodes rendered): median frame ${ms(quantile(zoomed, 0.5))}, p95 ${ms(quantile(zoomed, 0.95))}`,
    );
  } finally {
    await h.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
