/** Reproducibility: the same workflow and seeds write byte-identical PNG files, whatever the run. */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readPngText } from '../../server/images/png.ts';
import { run, setUpEngines, valid } from './harness.ts';
import { textToImage } from './workflows.ts';

const { newEngine } = setUpEngines();

describe('reproducible outputs', () => {
  it('two runs on fresh engines write byte-identical PNGs (run ids stay out of the files)', async () => {
    const outputs: Buffer[][] = [];
    for (const runId of ['first-run', 'second-run']) {
      const { engine, outputsDir } = await newEngine();
      const { result } = await run(engine, await valid(engine, textToImage()), runId);
      expect(result.status).toBe('done');
      outputs.push(await Promise.all(result.files.map((f) => readFile(join(outputsDir, f)))));
    }
    const [first, second] = outputs as [Buffer[], Buffer[]];
    expect(first.length).toBeGreaterThan(0);
    expect(second.map((b) => b.toString('base64'))).toEqual(first.map((b) => b.toString('base64')));
    expect(readPngText(first[0]!)['unclip-studio']).not.toContain('first-run');
  });
});
