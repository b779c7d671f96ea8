/**
 * The layering: core/ is the browser-safe base, nodes/ the server-side node library, and editor/ imports
 * only core/. Checked two ways: biome's noRestrictedImports rules (biome.json) really fire, run on probe
 * files in a temp copy of the project config; and the editor's import graph, followed from its entry,
 * reaches no file outside editor/ and core/.
 */
import { spawnSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const REPO = path.resolve(import.meta.dirname, '..', '..');
const BIOME = path.join(REPO, 'node_modules', '.bin', 'biome');
const probeRoot = mkdtempSync(path.join(tmpdir(), 'unclip-lint-'));
copyFileSync(path.join(REPO, 'biome.json'), path.join(probeRoot, 'biome.json'));
afterAll(() => rmSync(probeRoot, { recursive: true, force: true }));

/** Lints one probe file at `file` (a path as if in the repo) importing `specifier`; returns biome's output. */
function lintImport(file: string, specifier: string): { failed: boolean; output: string } {
  const target = path.join(probeRoot, file);
  mkdirSync(path.dirname(target), { recursive: true });
  writeFileSync(target, `import { probe } from '${specifier}';\n\nexport const used = probe;\n`);
  const result = spawnSync(BIOME, ['lint', '--colors=off', file], { cwd: probeRoot, encoding: 'utf8' });
  return { failed: result.status !== 0, output: `${result.stdout}${result.stderr}` };
}

describe('import boundaries (biome noRestrictedImports)', () => {
  it.each([
    ['editor/src/state/probe.ts', '../../../nodes/catalog.ts', 'editor/ imports only core/'],
    ['editor/src/state/probe.ts', '../../../nodes/math/samplers.ts', 'editor/ imports only core/'],
    ['editor/src/state/probe.ts', '../../../server/engine/engine.ts', 'editor/ imports only core/'],
    ['editor/src/state/probe.ts', '../../../models/contract.ts', 'editor/ imports only core/'],
    ['core/workflow/probe.ts', '../../nodes/catalog.ts', 'core/ is the browser-safe base'],
    ['core/probe.ts', 'node:fs', 'core/ runs in the browser'],
    ['nodes/types/probe.ts', '../../server/engine/context.ts', 'must not import server or editor code'],
  ])('refuses %s importing %s', (file, specifier, message) => {
    const { failed, output } = lintImport(file, specifier);
    expect(output).toContain('lint/style/noRestrictedImports');
    expect(output).toContain(message);
    expect(failed).toBe(true);
  });

  it('lets the editor import core/ (so the refusals above are about the boundary, not the probe)', () => {
    const { failed, output } = lintImport('editor/src/state/probe.ts', '../../../core/limits.ts');
    expect(output).not.toContain('noRestrictedImports');
    expect(failed, output).toBe(false);
  });
});

/** Relative imports of a TypeScript source: static, re-exports and dynamic import('...'). */
function relativeImports(source: string): string[] {
  const found: string[] = [];
  for (const m of source.matchAll(/(?:from|import)\s*\(?\s*'(\.{1,2}\/[^']+)'/g)) found.push(m[1]!);
  return found;
}

describe('the editor import graph', () => {
  it('reaches only editor/ and core/ from the entry point', () => {
    const entry = path.join(REPO, 'editor', 'src', 'main.tsx');
    const seen = new Set<string>([entry]);
    const queue = [entry];
    while (queue.length) {
      const file = queue.pop()!;
      if (!/\.tsx?$/.test(file)) continue; // stylesheets and images
      for (const specifier of relativeImports(readFileSync(file, 'utf8'))) {
        const target = path.resolve(path.dirname(file), specifier);
        expect(existsSync(target), `${path.relative(REPO, file)} imports ${specifier}`).toBe(true);
        if (!seen.has(target)) {
          seen.add(target);
          queue.push(target);
        }
      }
    }
    const outside = [...seen]
      .map((f) => path.relative(REPO, f))
      .filter((f) => !f.startsWith(`editor${path.sep}`) && !f.startsWith(`core${path.sep}`));
    expect(outside).toEqual([]);
    // The walk really followed the graph into core/ (a broken parser would find nothing and pass).
    expect([...seen].some((f) => f.includes(`${path.sep}core${path.sep}workflow${path.sep}`))).toBe(true);
    expect(seen.size).toBeGreaterThan(50);
  });
});
