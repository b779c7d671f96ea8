/** Batch behaviour of the sampling nodes with the real bundle: per-item seeds, shared noise, candidates, labels. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getNodeType } from '../../../nodes/catalog.ts';
import { cosineSimilarity } from '../../../nodes/math/slerp.ts';
import { type Float32Tensor, sliceBatch } from '../../../nodes/tensor.ts';
import { encodePrompts } from '../../../nodes/types/shared/text.ts';
import type { ModelHandle, TextValue } from '../../../nodes/values.ts';
import { createRng } from '../../../server/engine/rng.ts';
import { compare, f32, loadFixture } from '../../helpers/fixtures.ts';
import { disposeBundles, loadBundle, recordingContext } from './fixture-context.ts';

let model: ModelHandle;
let text: TextValue;
beforeAll(async () => {
  model = await loadBundle();
  text = await encodePrompts(
    model,
    ['a red circle', 'a big blue square at the top'],
    new AbortController().signal,
  );
});
afterAll(disposeBundles);

const freeCtx = () => recordingContext(model, createRng).ctx;

async function decode(embeds: Float32Tensor, params: Record<string, unknown>) {
  const base = { steps: 3, guidance: 3, seed: 10, sampler: 'ddpm', eta: 0, noise_mode: 'per_item' };
  const { outputs } = await getNodeType('decoder.sample')!.execute({
    params: { ...base, ...params },
    inputs: { model, embedding: { embeds } },
    ctx: freeCtx(),
  });
  return (outputs.image as { pixels: Float32Tensor }).pixels;
}

describe('decoder.sample batches', () => {
  const embeds = f32(loadFixture('sample_ddim.json'), 'image_embeds');

  it('item i with seed s equals item 0 of a run with seed s + i', async () => {
    const both = await decode(embeds, {});
    const second = await decode(sliceBatch(embeds, 1, 2), { seed: 11 });
    expect(compare(sliceBatch(both, 1, 2).data, second.data).maxAbs).toBeLessThan(1e-4);
    expect(compare(sliceBatch(both, 0, 1).data, second.data).maxAbs).toBeGreaterThan(0.05);
  });

  it('shared noise gives every item the same noise', async () => {
    const twice = sliceBatch(embeds, 0, 1);
    const pair = { ...twice, dims: [2, 64], data: new Float32Array([...twice.data, ...twice.data]) };
    const shared = await decode(pair, { noise_mode: 'shared' });
    expect(compare(sliceBatch(shared, 0, 1).data, sliceBatch(shared, 1, 2).data).maxAbs).toBeLessThan(1e-4);
    const perItem = await decode(pair, {});
    expect(compare(sliceBatch(perItem, 0, 1).data, sliceBatch(perItem, 1, 2).data).maxAbs).toBeGreaterThan(
      0.05,
    );
  });
});

describe('prior.sample batches', () => {
  const prior = getNodeType('prior.sample')!;
  const run = async (params: Record<string, unknown>) => {
    const base = { steps: 4, guidance: 4, seed: 5, count: 1, candidates: 1, sampler: 'ddpm' };
    const { outputs } = await prior.execute({
      params: { ...base, ...params },
      inputs: { model, text },
      ctx: freeCtx(),
    });
    return outputs.embedding as { embeds: Float32Tensor; labels?: readonly string[] };
  };

  it('samples count items per prompt, prompt by prompt, labelled', async () => {
    const out = await run({ count: 2 });
    expect(out.embeds.dims).toEqual([4, 64]);
    expect(out.labels).toEqual([
      'a red circle #1',
      'a red circle #2',
      'a big blue square at the top #1',
      'a big blue square at the top #2',
    ]);
  });

  it('keeps the candidate closest to the text: never worse than the first candidate alone', async () => {
    const one = await run({ candidates: 1 });
    const best = await run({ candidates: 4 });
    for (let i = 0; i < 2; i++) {
      const t = text.embeds.data.subarray(i * 64, (i + 1) * 64);
      const cos = (e: Float32Tensor) => cosineSimilarity(e.data.subarray(i * 64, (i + 1) * 64), t);
      expect(cos(best.embeds)).toBeGreaterThanOrEqual(cos(one.embeds) - 1e-6);
    }
  });

  it('gives L2-normalised embeddings for an l2 bundle', async () => {
    const out = await run({});
    expect(Math.hypot(...out.embeds.data.subarray(0, 64))).toBeCloseTo(1, 5);
  });
});

describe('cancellation', () => {
  it('stops before the next model call once the signal is aborted', async () => {
    const controller = new AbortController();
    const rec = recordingContext(model, createRng);
    let calls = 0;
    const ctx = {
      ...rec.ctx,
      signal: controller.signal,
      progress: () => {
        calls++;
        if (calls === 2) controller.abort(new Error('cancelled by test'));
      },
    };
    const embeds = f32(loadFixture('sample_ddim.json'), 'image_embeds');
    const params = { steps: 10, guidance: 3, seed: 0, sampler: 'ddim', eta: 0, noise_mode: 'per_item' };
    await expect(
      getNodeType('decoder.sample')!.execute({ params, inputs: { model, embedding: { embeds } }, ctx }),
    ).rejects.toThrow('cancelled by test');
    expect(calls).toBe(2);
  });
});
