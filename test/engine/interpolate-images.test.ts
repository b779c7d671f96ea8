/**
 * examples/interpolate-images.json keeps its promise: the first and last frames are its two input images
 * again (run at the example's own steps, read at the decoder's size, before the upsamplers).
 */
import { copyFile, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Workflow } from '../../core/workflow/schema.ts';
import { resizeAndCenterCrop } from '../../nodes/math/crop-resize.ts';
import { rgbaToTensor } from '../../nodes/math/pixels.ts';
import { decodeImage } from '../../server/images/decode.ts';
import { run, setUpEngines, valid } from './harness.ts';
import { link } from './workflows.ts';

const { newEngine } = setUpEngines();
const EXAMPLES = join(import.meta.dirname, '../../examples');

/** PSNR in dB between two 8-bit images given as [1,3,S,S] tensors in [-1, 1]. */
function psnr(a: Float32Array, b: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += (a[i]! - b[i]!) ** 2;
  return 10 * Math.log10(4 / (sum / a.length));
}

describe('interpolate-images example', () => {
  it('decodes its first and last frames back to the two input images (>= 30 dB)', async () => {
    const { engine, inputsDir, outputsDir } = await newEngine();
    const example = JSON.parse(await readFile(join(EXAMPLES, 'interpolate-images.json'), 'utf8')) as Workflow;
    const files = example.nodes.filter((n) => n.type === 'image.load').map((n) => String(n.params.file));
    for (const f of files) await copyFile(join(EXAMPLES, 'inputs', f), join(inputsDir, f));
    // The decoder's frames go straight to the save node (the upsamplers would only add their own detail).
    const upsamplers = new Set(example.nodes.filter((n) => n.type === 'upsampler.sample').map((n) => n.id));
    const decoder = example.nodes.find((n) => n.type === 'decoder.sample')!.id;
    const save = example.nodes.find((n) => n.type === 'image.save')!.id;
    const workflow = {
      ...example,
      nodes: example.nodes.filter((n) => !upsamplers.has(n.id)),
      edges: [
        ...example.edges.filter((e) => !upsamplers.has(e.from.node) && !upsamplers.has(e.to.node)),
        link(decoder, save, 'image'),
      ],
    };
    const { result } = await run(engine, await valid(engine, workflow));
    expect(result.status).toBe('done');
    expect(result.files).toHaveLength(6);
    const frame = async (file: string) => rgbaToTensor([decodeImage(await readFile(join(outputsDir, file)))]);
    const [first, last] = [await frame(result.files[0]!), await frame(result.files.at(-1)!)];
    const S = first.dims[3]!;
    const inputs = await Promise.all(
      files.map(async (f) =>
        resizeAndCenterCrop(rgbaToTensor([decodeImage(await readFile(join(EXAMPLES, 'inputs', f)))]), S),
      ),
    );
    const db = [psnr(first.data, inputs[0]!.data), psnr(last.data, inputs[1]!.data)];
    console.log(`interpolate-images end frames vs inputs: ${db.map((d) => d.toFixed(1)).join(' dB, ')} dB`);
    for (const d of db) expect(d).toBeGreaterThanOrEqual(30);
  }, 180_000);
});
