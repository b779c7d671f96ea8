/**
 * The built editor holds no node library code: Vite builds it into a temp folder, and no string literal of
 * nodes/ (node descriptions and help, execute and sampler error messages) appears in its JavaScript, while
 * core/'s validation messages do (so the search can find literals at all). The byte size is printed.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const REPO = path.resolve(import.meta.dirname, '..', '..');
const outDir = mkdtempSync(path.join(tmpdir(), 'unclip-editor-bundle-'));
let bundle = '';

function sourcesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourcesUnder(p);
    return /\.tsx?$/.test(entry.name) ? [p] : [];
  });
}

/** Prose string literals (20+ characters with a space; no escapes, no ${}): messages, descriptions, help. */
function literalsOf(files: string[]): Set<string> {
  const found = new Set<string>();
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/'([^'\\\n]{20,})'|"([^"\\\n]{20,})"|`([^`\\$\n]{20,})`/g)) {
      const literal = m[1] ?? m[2] ?? m[3]!;
      if (literal.includes(' ')) found.add(literal);
    }
  }
  return found;
}

beforeAll(async () => {
  const { build } = await import('vite');
  // A production build, as `npm start` makes (vitest sets NODE_ENV=test, which would bundle React's dev build).
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  await build({
    configFile: path.join(REPO, 'editor', 'vite.config.ts'),
    logLevel: 'warn',
    build: { outDir, emptyOutDir: true },
  }).finally(() => {
    process.env.NODE_ENV = nodeEnv;
  });
  const assets = path.join(outDir, 'assets');
  const scripts = readdirSync(assets).filter((f) => f.endsWith('.js'));
  const bytes = scripts.reduce((sum, f) => sum + statSync(path.join(assets, f)).size, 0);
  console.log(`editor bundle: ${scripts.length} script(s), ${bytes} bytes of JavaScript`);
  bundle = scripts.map((f) => readFileSync(path.join(assets, f), 'utf8')).join('\n');
}, 180_000);
afterAll(() => rmSync(outDir, { recursive: true, force: true }));

describe('the built editor', () => {
  it('contains no string of the node library (execute, sampler math, node descriptions and help)', () => {
    const shared = literalsOf([
      ...sourcesUnder(path.join(REPO, 'core')),
      ...sourcesUnder(path.join(REPO, 'editor')),
    ]);
    const nodeLiterals = [...literalsOf(sourcesUnder(path.join(REPO, 'nodes')))].filter(
      (l) => !shared.has(l),
    );
    expect(nodeLiterals.length).toBeGreaterThan(50);
    expect(nodeLiterals.filter((l) => bundle.includes(l))).toEqual([]);
  });

  it('does contain core/ validation messages (the search finds literals that are there)', () => {
    const coreMessages = [...literalsOf([path.join(REPO, 'core', 'workflow', 'validate.ts')])];
    expect(coreMessages.filter((l) => bundle.includes(l)).length).toBeGreaterThan(0);
  });
});
