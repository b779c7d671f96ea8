/**
 * Node types against the bundle's golden fixtures (models/shapes-tiny/fixtures, written by the training
 * recipe's reference samplers in torch): real ONNX stages, the fixture's x_T and per-step noise injected
 * through the rng streams the nodes ask for.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getNodeType } from '../../../nodes/catalog.ts';
import type { AnyNodeDefinition } from '../../../nodes/define.ts';
import { l2normalizeRows } from '../../../nodes/math/slerp.ts';
import type { Float32Tensor } from '../../../nodes/tensor.ts';
import { encodePrompts } from '../../../nodes/types/shared/text.ts';
import type { ModelHandle, TextValue } from '../../../nodes/values.ts';
import { compare, f32, loadFixture } from '../../helpers/fixtures.ts';
import { disposeBundles, fixtureContext, loadBundle, rowOf } from './fixture-context.ts';

let model: ModelHandle;
beforeAll(async () => {
  model = await loadBundle();
});
afterAll(disposeBundles);

const node = (type: string): AnyNodeDefinition => getNodeType(type)!;
const signal = new AbortController().signal;

/** rng answers: "<stage>.x_T" from `xT` row `seed - base`, "<stage>.step.<k>" from noise[k]. */
function streamsFrom(stage: string, xT: Float32Tensor, noise?: Float32Tensor, tag = '', base = 0) {
  return (seed: number, stream: string) => {
    if (stream === `${stage}.x_T${tag}`) return rowOf(xT, seed - base);
    const step = new RegExp(`^${stage}\\.step\\.(\\d+)${tag.replace('.', '\\.')}$`).exec(stream);
    return step && noise ? rowOf(noise, seed - base, Number(step[1])) : undefined;
  };
}

/** ONNX Runtime vs torch on CPU agree to ~3e-6 here; wrong noise or conditioning moves values by ~0.1. */
const TOLERANCE = 1e-4;

function expectClose(got: Float32Tensor, want: Float32Tensor) {
  expect(got.dims).toEqual(want.dims);
  expect(compare(got.data, want.data).maxAbs).toBeLessThan(TOLERANCE);
}

describe('golden: text to image chain (sample_text_to_image.json)', () => {
  const fx = loadFixture('sample_text_to_image.json');
  const meta = fx.meta as { prompt: string };
  let text: TextValue;

  it('text.encode gives the fixture text encoding (L2-normalised for an l2 bundle)', async () => {
    const rec = fixtureContext(model, () => undefined);
    const { outputs } = await node('text.encode').execute({
      params: { prompt: meta.prompt },
      inputs: { model },
      ctx: rec.ctx,
    });
    text = outputs.text as TextValue;
    expectClose(text.embeds, l2normalizeRows(f32(fx, 'text.text_embeds')));
    expectClose(text.hidden, f32(fx, 'text.last_hidden_state'));
  });

  it('prior.sample (ddpm, 5 steps, guidance 4) gives the fixture embedding', async () => {
    const rec = fixtureContext(
      model,
      streamsFrom('prior', f32(fx, 'prior.x_T'), f32(fx, 'prior.noise'), '.c0'),
    );
    const params = { steps: 5, guidance: 4, seed: 0, count: 1, candidates: 1, sampler: 'ddpm' };
    const { outputs } = await node('prior.sample').execute({ params, inputs: { model, text }, ctx: rec.ctx });
    expectClose((outputs.embedding as { embeds: Float32Tensor }).embeds, f32(fx, 'prior.out'));
    expect(rec.progress.map(([s]) => s)).toEqual([1, 2, 3, 4, 5]);
  });

  it('decoder.sample (ddpm, 5 steps, guidance 3) gives the fixture image, previewing every step', async () => {
    const rec = fixtureContext(
      model,
      streamsFrom('decoder', f32(fx, 'decoder.x_T'), f32(fx, 'decoder.noise')),
    );
    const params = { steps: 5, guidance: 3, seed: 0, sampler: 'ddpm', eta: 0, noise_mode: 'per_item' };
    const embedding = { embeds: f32(fx, 'prior.out') };
    const { outputs } = await node('decoder.sample').execute({
      params,
      inputs: { model, embedding, text },
      ctx: rec.ctx,
    });
    expectClose((outputs.image as { pixels: Float32Tensor }).pixels, f32(fx, 'decoder.out'));
    expect(rec.previews).toEqual([1, 2, 3, 4, 5]);
  });

  for (const [stage, prev, steps] of [
    [1, 'decoder.out', 3],
    [2, 'upsampler1.out', 2],
  ] as const) {
    it(`upsampler.sample stage ${stage} (ddim eta 0, ${steps} steps) gives the fixture image`, async () => {
      const rec = fixtureContext(model, streamsFrom(`upsampler${stage}`, f32(fx, `upsampler${stage}.x_T`)));
      const params = { stage, steps, seed: 0, sampler: 'ddim', eta: 0 };
      const image = { pixels: f32(fx, prev) };
      const { outputs } = await node('upsampler.sample').execute({
        params,
        inputs: { model, image },
        ctx: rec.ctx,
      });
      expectClose((outputs.image as { pixels: Float32Tensor }).pixels, f32(fx, `upsampler${stage}.out`));
    });
  }
});

describe('golden: DDIM with eta and a caption-less row (sample_ddim.json)', () => {
  it('decoder.sample batches [uncond; cond] and uses each item its own seed', async () => {
    const fx = loadFixture('sample_ddim.json');
    const texts = (fx.meta as { texts: string[] }).texts;
    const text = await encodePrompts(model, texts, signal);
    const rec = fixtureContext(model, streamsFrom('decoder', f32(fx, 'x_T'), f32(fx, 'noise'), '', 7));
    const params = { steps: 5, guidance: 3, seed: 7, sampler: 'ddim', eta: 0.5, noise_mode: 'per_item' };
    const embedding = { embeds: f32(fx, 'image_embeds') };
    const { outputs } = await node('decoder.sample').execute({
      params,
      inputs: { model, embedding, text },
      ctx: rec.ctx,
    });
    expectClose((outputs.image as { pixels: Float32Tensor }).pixels, f32(fx, 'out'));
    expect(rec.streams).toContain('8:decoder.step.3');
  });
});

describe('golden: DDIM inversion and reconstruction (sample_inversion.json)', () => {
  const fx = loadFixture('sample_inversion.json');
  const embedding = { embeds: f32(fx, 'image_embeds') };

  it('decoder.invert finds the fixture x_T; decoding it gives the fixture reconstruction', async () => {
    const text = await encodePrompts(model, [(fx.meta as { text: string }).text], signal);
    const invert = fixtureContext(model, () => undefined);
    const inverted = await node('decoder.invert').execute({
      params: { steps: 10, refine: 0 },
      inputs: { model, image: { pixels: f32(fx, 'image') }, embedding, text },
      ctx: invert.ctx,
    });
    const noise = inverted.outputs.noise as { noise: Float32Tensor };
    expectClose(noise.noise, f32(fx, 'x_T'));
    expect(invert.progress.at(-1)).toEqual([9, 9]);

    const decode = fixtureContext(model, () => undefined);
    const params = { steps: 10, guidance: 1, seed: 0, sampler: 'ddim', eta: 0, noise_mode: 'per_item' };
    const { outputs } = await node('decoder.sample').execute({
      params,
      inputs: { model, embedding, text, noise: { noise: f32(fx, 'x_T') } },
      ctx: decode.ctx,
    });
    expectClose((outputs.image as { pixels: Float32Tensor }).pixels, f32(fx, 'recon'));
    expect(decode.streams).toEqual([]);
  });
});
