/** text.encode, image.encode and embedding.pca with the real bundle. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { norm } from '../../../nodes/math/slerp.ts';
import { type Float32Tensor, float32 } from '../../../nodes/tensor.ts';
import type { ModelHandle, TextValue } from '../../../nodes/values.ts';
import { createRng } from '../../../server/engine/rng.ts';
import { compare, f32, loadFixture } from '../../helpers/fixtures.ts';
import { disposeBundles, loadBundle, recordingContext, runNode } from './fixture-context.ts';

let model: ModelHandle;
beforeAll(async () => {
  model = await loadBundle();
});
afterAll(disposeBundles);

async function run(type: string, params: Record<string, unknown>, inputs: Record<string, unknown>) {
  const { outputs } = await runNode(
    type,
    params,
    { model, ...inputs },
    recordingContext(model, createRng).ctx,
  );
  return outputs;
}

describe('text.encode', () => {
  it('encodes one prompt per non-empty line, L2-normalised', async () => {
    const { text } = await run('text.encode', { prompt: ' a red circle \n\n a blue square\n' }, {});
    const value = text as TextValue;
    expect(value.prompts).toEqual(['a red circle', 'a blue square']);
    expect(value.embeds.dims).toEqual([2, 64]);
    expect(value.hidden.dims).toEqual([2, 32, 128]);
    expect(norm(value.embeds.data.subarray(64))).toBeCloseTo(1, 5);
  });

  it('an empty field is the empty (unconditional) prompt', async () => {
    const { text } = await run('text.encode', { prompt: '' }, {});
    expect((text as TextValue).prompts).toEqual(['']);
  });
});

describe('image.encode', () => {
  const fx = loadFixture('sample_inversion.json');
  const embed = async (pixels: Float32Tensor) =>
    (await run('image.encode', {}, { image: { pixels, labels: ['x'] } })).embedding as {
      embeds: Float32Tensor;
      labels: string[];
    };

  it('gives unit embeddings, carries labels, and accepts non-square images (centre crop)', async () => {
    const square = await embed(f32(fx, 'image'));
    expect(square.embeds.dims).toEqual([1, 64]);
    expect(norm(square.embeds.data)).toBeCloseTo(1, 5);
    expect(square.labels).toEqual(['x']);
    const wide = float32([1, 3, 16, 24], new Float32Array(3 * 16 * 24).fill(0.2));
    expect((await embed(wide)).embeds.dims).toEqual([1, 64]);
  });
});

describe('embedding.pca', () => {
  const embeds = f32(loadFixture('sample_ddim.json'), 'image_embeds');
  const project = async (components: number) =>
    (
      (await run('embedding.pca', { components }, { embedding: { embeds } })).embedding as {
        embeds: Float32Tensor;
      }
    ).embeds;

  it('with every component reproduces the embedding; with few it changes it, staying unit length', async () => {
    const basis = await model.pca();
    expect(compare((await project(4096)).data, embeds.data).maxAbs).toBeLessThan(1e-4);
    const few = await project(2);
    expect(compare(few.data, embeds.data).maxAbs).toBeGreaterThan(1e-2);
    expect(norm(few.data.subarray(0, 64))).toBeCloseTo(1, 5);
    expect(basis.components.length).toBeLessThanOrEqual(4096);
  });
});
