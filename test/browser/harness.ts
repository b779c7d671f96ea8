/**
 * Browser test harness: builds the editor (only when its sources changed), starts a real server on a free port
 * with a temp data dir and the shipped models, and drives the system Chromium through playwright-core.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { startServer } from '../../server/http/server.ts';
import { SHIPPED_MODELS_DIR } from '../../server/runtime/index.ts';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
export const EDITOR_DIST = path.join(REPO, 'editor', 'dist');
export const ARTIFACTS = path.join(REPO, 'test-artifacts');

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
];

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

/** Build editor/dist with Vite unless it is newer than every source it is built from. */
export async function buildEditor(): Promise<void> {
  const index = path.join(EDITOR_DIST, 'index.html');
  // The editor imports only core/ (besides its own sources); the examples are bundled as assets.
  const sources = [path.join(REPO, 'editor', 'src'), path.join(REPO, 'core'), path.join(REPO, 'examples')];
  const newest = Math.max(
    ...sources.filter(existsSync).map(newestMtime),
    ...['index.html', 'vite.config.ts'].map((f) => statSync(path.join(REPO, 'editor', f)).mtimeMs),
  );
  if (existsSync(index) && statSync(index).mtimeMs > newest) return;
  const { build } = await import('vite');
  await build({ configFile: path.join(REPO, 'editor', 'vite.config.ts'), logLevel: 'warn' });
}

export interface Harness {
  url: string;
  dataDir: string;
  browser: Browser;
  context: BrowserContext;
  page: Page;
  /** A fresh page in the same context (shares localStorage and the clipboard). */
  newPage(): Promise<Page>;
  screenshot(name: string, page?: Page): Promise<string>;
  close(): Promise<void>;
}

export async function startHarness(): Promise<Harness> {
  await buildEditor();
  const dataDir = mkdtempSync(path.join(tmpdir(), 'unclip-browser-'));
  const server = await startServer({
    port: 0,
    dataDir,
    modelsDirs: [SHIPPED_MODELS_DIR],
    editorDist: EDITOR_DIST,
  });
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, acceptDownloads: true });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
  const open = async () => {
    const page = await context.newPage();
    page.on('dialog', (d) => void d.accept());
    page.on('pageerror', (err) => console.error('page error:', err));
    await page.goto(server.url);
    await page.waitForSelector('html[data-ready="true"]');
    return page;
  };
  const page = await open();
  mkdirSync(ARTIFACTS, { recursive: true });
  return {
    url: server.url,
    dataDir,
    browser,
    context,
    page,
    newPage: open,
    async screenshot(name, p = page) {
      const file = path.join(ARTIFACTS, `${name}.png`);
      await p.screenshot({ path: file });
      return file;
    },
    async close() {
      await browser.close();
      await server.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
