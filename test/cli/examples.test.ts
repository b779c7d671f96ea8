/**
 * Every shipped example validates and runs through the CLI (steps cut to 2 to keep the suite fast; the
 * wiring, batch sizes and outputs are what is checked here), writing the images it promises.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { getNodeType } from '../../nodes/catalog.ts';
import { decodePng, readPngWorkflow } from '../../server/images/index.ts';
import { tempFolders } from '../engine/temp.ts';
import { cli, jsonLines, REPO } from './harness.ts';

const EXAMPLES = join(REPO, 'examples');
const tempFolder = tempFolders('example');

/** Images each example writes, and their size. */
const EXPECTED: Record<string, { files: number; size: number }> = {
  'text-to-image.json': { files: 2, size: 128 },
  'image-variations.json': { files: 4, size: 128 },
  'interpolate-prompts.json': { files: 6, size: 128 },
  'interpolate-images.json': { files: 6, size: 128 },
  'text-diff.json': { files: 5, size: 128 },
  'rerank.json': { files: 8, size: 32 },
  'pca.json': { files: 4, size: 64 },
};

interface ExampleNode {
  id: string;
  type: string;
  ui?: { position?: { x: number; y: number } };
}

const names = readdirSync(EXAMPLES).filter((f) => f.endsWith('.json'));

describe('examples', () => {
  it('are all listed here', () => {
    expect(names.sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  for (const name of names) {
    it(`${name} has a tidy layout, validates and runs through the CLI`, async () => {
      const doc = JSON.parse(readFileSync(join(EXAMPLES, name), 'utf8')) as { nodes: ExampleNode[] };
      const positions = doc.nodes.map((n) => `${n.ui?.position?.x},${n.ui?.position?.y}`);
      expect(doc.nodes.every((n) => n.ui?.position)).toBe(true);
      expect(new Set(positions).size).toBe(positions.length); // no two nodes stacked

      const fewSteps = doc.nodes
        .filter((n) => getNodeType(n.type)?.params.steps)
        .flatMap((n) => ['--set', `${n.id}.steps=2`]);
      const inputs = ['--inputs', join(EXAMPLES, 'inputs')];
      expect((await cli(['validate', join(EXAMPLES, name), ...inputs])).code).toBe(0);
      const out = await tempFolder();
      const { code, stdout, stderr } = await cli([
        'run',
        join(EXAMPLES, name),
        '--json',
        '--out',
        out,
        ...inputs,
        ...fewSteps,
      ]);
      expect(stderr).toBe('');
      expect(code).toBe(0);
      const files = jsonLines(stdout).at(-1)!.files as string[];
      expect(files).toHaveLength(EXPECTED[name]!.files);
      const png = await readFile(join(out, files[0]!));
      expect(decodePng(png).width).toBe(EXPECTED[name]!.size);
      expect(readPngWorkflow(png)).toMatchObject({
        name: expect.any(String),
        format: 'unclip-studio/workflow',
      });
    });
  }
});
