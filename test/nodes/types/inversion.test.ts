/**
 * DDIM inversion with fixed-point refinement: the torch reference (models/recipes/inversion_fixture.py,
 * fixture sample_inversion_refined.json), and the round trip decoder.invert -> decoder.sample (ddim, eta 0,
 * guidance 1) on white, gray and black backgrounds with every shape (test/fixtures/inversion, drawn by the
 * recipe's renderer) and on the shipped example input.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resizeAndCenterCrop } from '../../../nodes/math/crop-resize.ts';
import { rgbaToTensor } from '../../../nodes/math/pixels.ts';
import type { Float32Tensor } from '../../../nodes/tensor.ts';
import { encodePrompts } from '../../../nodes/types/shared/text.ts';
import type { ModelHandle } from '../../../nodes/values.ts';
import { decodeImage } from '../../../server/images/decode.ts';
import { compare, f32, loadFixture } from '../../helpers/fixtures.ts';
import { disposeBundles, fixtureContext, loadBundle, runNode } from './fixture-context.ts';

let model: ModelHandle;
beforeAll(async () => {
  model = await loadBundle();
});
afterAll(disposeBundles);

const noRng = () => fixtureContext(model, () => undefined).ctx;
const decodeParams = (steps: number) => ({
  steps,
  guidance: 1,
  seed: 0,
  sampler: 'ddim',
  eta: 0,
  condition: 'image+text',
  noise_mode: 'per_item',
});

/** PSNR in dB of each row of `got` against `want`, both in [-1, 1] (peak-to-peak 2). */
function psnrRows(got: Float32Tensor, want: Float32Tensor): number[] {
  const rows = got.dims[0]!;
  const width = got.data.length / rows;
  return Array.from({ length: rows }, (_, r) => {
    let sum = 0;
    for (let i = r * width; i < (r + 1) * width; i++) sum += (got.data[i]! - want.data[i]!) ** 2;
    return 10 * Math.log10(4 / (sum / width));
  });
}

describe('golden: refined DDIM inversion (sample_inversion_refined.json)', () => {
  it('decoder.invert with refine finds the torch x_T; decoding it gives the torch reconstruction', async () => {
    const fx = loadFixture('sample_inversion_refined.json');
    const meta = fx.meta as { texts: string[]; steps: number; refine: number };
    const text = await encodePrompts(model, meta.texts, noRng().signal);
    const embedding = { embeds: f32(fx, 'image_embeds') };
    const inverted = await runNode(
      'decoder.invert',
      { steps: meta.steps, refine: meta.refine },
      { model, image: { pixels: f32(fx, 'image') }, embedding, text },
      noRng(),
    );
    const xT = (inverted.outputs.noise as { noise: Float32Tensor }).noise;
    expect(compare(xT.data, f32(fx, 'x_T').data).maxAbs).toBeLessThan(1e-4);
    const decoded = await runNode(
      'decoder.sample',
      decodeParams(meta.steps),
      { model, embedding, text, noise: { noise: xT } },
      noRng(),
    );
    const pixels = (decoded.outputs.image as { pixels: Float32Tensor }).pixels;
    expect(compare(pixels.data, f32(fx, 'recon').data).maxAbs).toBeLessThan(1e-4);
  });
});

const DIR = join(import.meta.dirname, '../../fixtures/inversion');
const captions = JSON.parse(readFileSync(join(DIR, 'captions.json'), 'utf8')) as Record<string, string>;
const loadPng = (path: string) => rgbaToTensor([decodeImage(readFileSync(path))]);

describe('round trip: invert 50 steps, decode ddim eta 0 guidance 1', () => {
  it('reconstructs every background and shape at >= 30 dB (plain inversion loses white and black)', async () => {
    const files = Object.keys(captions);
    const images = [
      ...files.map((f) => loadPng(join(DIR, f))),
      loadPng(join(import.meta.dirname, '../../../examples/inputs/red-square.png')),
    ];
    const prompts = [...files.map((f) => captions[f]!), 'a red square'];
    const S = model.manifest.stages.decoder.image_size;
    const ctx = noRng();
    const results = new Map<string, number>();
    // one batch of all images, all at the decoder size (the node's own crop-resize, done up front)
    const rows = images.map((im) => resizeAndCenterCrop(im, S));
    const pixels: Float32Tensor = {
      dtype: 'float32',
      dims: [rows.length, 3, S, S],
      data: Float32Array.from(rows.flatMap((r) => Array.from(r.data))),
    };
    const image = { pixels };
    const embedding = (await runNode('image.encode', {}, { model, image }, ctx)).outputs.embedding;
    const text = await encodePrompts(model, prompts, ctx.signal);
    const inverted = await runNode(
      'decoder.invert',
      { steps: 50, refine: 10 },
      { model, image, embedding, text },
      ctx,
    );
    const decoded = await runNode(
      'decoder.sample',
      decodeParams(50),
      { model, embedding, text, noise: inverted.outputs.noise },
      ctx,
    );
    const psnr = psnrRows((decoded.outputs.image as { pixels: Float32Tensor }).pixels, pixels);
    [...files, 'red-square.png'].forEach((f, i) => void results.set(f, Math.round(psnr[i]! * 10) / 10));
    console.log('inversion round trip PSNR (dB):', Object.fromEntries(results));
    for (const [file, db] of results) expect(db, file).toBeGreaterThanOrEqual(30);
  }, 120_000);
});
