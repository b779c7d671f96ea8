/**
 * Golden tests: the real node types (nodes/types, sampling through nodes/math) on the real ONNX stages,
 * fed the torch reference run's injected x_T and per-step noise, must reproduce its outputs.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getNodeType } from '../../nodes/catalog.ts';
import type { ExecContext } from '../../nodes/define.ts';
import { l2normalizeRows } from '../../nodes/math/slerp.ts';
import type { Float32Tensor } from '../../nodes/tensor.ts';
import { encodePrompts } from '../../nodes/types/shared/text.ts';
import type { EmbeddingValue, ImageValue, ModelHandle, TextValue } from '../../nodes/values.ts';
import type { ModelRegistry } from '../../server/runtime/index.ts';
import { BUNDLE, f32, fixtureRng, loadFixture, maxAbsDiff, sharedRegistry, testContext } from './fixtures.ts';

/** Agreement asked of every comparison; measured errors are printed. */
const TOLERANCE = 1e-4;

let registry: ModelRegistry;
let model: ModelHandle;

beforeAll(async () => {
  registry = sharedRegistry();
  model = await registry.load(BUNDLE);
});
afterAll(() => registry.dispose());

async function execute<T>(
  type: string,
  params: Record<string, unknown>,
  inputs: Record<string, unknown>,
  ctx: ExecContext,
) {
  const def = getNodeType(type)!;
  const result = await def.execute({ params, inputs, ctx } as Parameters<typeof def.execute>[0]);
  return result.outputs as T;
}

function report(name: string, error: number): number {
  console.log(`golden ${name}: max abs error ${error.toExponential(2)}`);
  return error;
}

describe('text -> image (sample_text_to_image)', () => {
  const fx = loadFixture('sample_text_to_image');
  const meta = fx.meta as Record<string, Record<string, number | string>> & { prompt: string };
  const rng = fixtureRng({
    prior: { xT: f32(fx, 'prior.x_T'), noise: f32(fx, 'prior.noise') },
    decoder: { xT: f32(fx, 'decoder.x_T'), noise: f32(fx, 'decoder.noise') },
    upsampler1: { xT: f32(fx, 'upsampler1.x_T'), noise: f32(fx, 'upsampler1.noise') },
    upsampler2: { xT: f32(fx, 'upsampler2.x_T'), noise: f32(fx, 'upsampler2.noise') },
  });
  const sampler = (stage: string) => ({
    steps: meta[stage]!.steps,
    sampler: meta[stage]!.sampler,
    seed: 0,
    ...(meta[stage]!.eta !== undefined ? { eta: meta[stage]!.eta } : {}),
  });
  const decoderParams = {
    ...sampler('decoder'),
    guidance: meta.decoder!.guidance,
    eta: 0,
    noise_mode: 'per_item',
  };
  let text: TextValue;

  it('encodes the prompt like the reference', async () => {
    ({ text } = await execute<{ text: TextValue }>(
      'text.encode',
      { prompt: meta.prompt },
      { model },
      testContext(registry),
    ));
    expect([...text.ids.data]).toEqual([...fx.tensors.input_ids!.data]);
    // The fixture holds clip_text's raw text_embeds; the node L2-normalises them (embedding_norm "l2").
    const reference = l2normalizeRows(f32(fx, 'text.text_embeds'));
    expect(report('text_embeds', maxAbsDiff(text.embeds, reference))).toBeLessThan(TOLERANCE);
    expect(report('hidden', maxAbsDiff(text.hidden, f32(fx, 'text.last_hidden_state')))).toBeLessThan(
      TOLERANCE,
    );
  });

  it('chains prior, decoder and both upsamplers within tolerance of torch, stage by stage and end to end', async () => {
    const ctx = testContext(registry, rng);
    const prior = await execute<{ embedding: EmbeddingValue }>(
      'prior.sample',
      { ...sampler('prior'), guidance: meta.prior!.guidance, count: 1, candidates: 1 },
      { model, text },
      ctx,
    );
    expect(report('prior', maxAbsDiff(prior.embedding.embeds, f32(fx, 'prior.out')))).toBeLessThan(TOLERANCE);

    const decode = (embeds: Float32Tensor) =>
      execute<{ image: ImageValue }>(
        'decoder.sample',
        decoderParams,
        { model, embedding: { embeds }, text },
        ctx,
      );
    const alone = await decode(f32(fx, 'prior.out'));
    expect(
      report('decoder (torch z_i)', maxAbsDiff(alone.image.pixels, f32(fx, 'decoder.out'))),
    ).toBeLessThan(TOLERANCE);
    const chained = await decode(prior.embedding.embeds);

    const upsample = (stage: 1 | 2, pixels: Float32Tensor) =>
      execute<{ image: ImageValue }>(
        'upsampler.sample',
        { ...sampler(`upsampler${stage}`), stage },
        { model, image: { pixels } },
        ctx,
      );
    const up1 = await upsample(1, f32(fx, 'decoder.out'));
    expect(
      report('upsampler1 (torch input)', maxAbsDiff(up1.image.pixels, f32(fx, 'upsampler1.out'))),
    ).toBeLessThan(TOLERANCE);
    const up2 = await upsample(2, f32(fx, 'upsampler1.out'));
    expect(
      report('upsampler2 (torch input)', maxAbsDiff(up2.image.pixels, f32(fx, 'upsampler2.out'))),
    ).toBeLessThan(TOLERANCE);

    const chain1 = await upsample(1, chained.image.pixels);
    const chain2 = await upsample(2, chain1.image.pixels);
    report('chain decoder', maxAbsDiff(chained.image.pixels, f32(fx, 'decoder.out')));
    report('chain upsampler1', maxAbsDiff(chain1.image.pixels, f32(fx, 'upsampler1.out')));
    expect(
      report('chain text -> 128 px', maxAbsDiff(chain2.image.pixels, f32(fx, 'upsampler2.out'))),
    ).toBeLessThan(TOLERANCE);
  });
});

describe('decoder DDIM(eta 0.5) with a captionless row (sample_ddim)', () => {
  it('matches the reference', async () => {
    const fx = loadFixture('sample_ddim');
    const meta = fx.meta as { texts: string[]; steps: number; guidance: number; eta: number };
    const ctx = testContext(
      registry,
      fixtureRng({ decoder: { xT: f32(fx, 'x_T'), noise: f32(fx, 'noise') } }),
    );
    const text = await encodePrompts(model, meta.texts, ctx.signal);
    const { image } = await execute<{ image: ImageValue }>(
      'decoder.sample',
      {
        steps: meta.steps,
        guidance: meta.guidance,
        seed: 0,
        sampler: 'ddim',
        eta: meta.eta,
        noise_mode: 'per_item',
      },
      { model, embedding: { embeds: f32(fx, 'image_embeds') }, text },
      ctx,
    );
    expect(report('decoder ddim', maxAbsDiff(image.pixels, f32(fx, 'out')))).toBeLessThan(TOLERANCE);
  });
});

describe('DDIM inversion and reconstruction (sample_inversion)', () => {
  // The reference inverts with plain DDIM steps (refine 0), the caption as decoder conditioning.
  it('finds the reference x_T and reconstructs the image from it', async () => {
    const fx = loadFixture('sample_inversion');
    const meta = fx.meta as { text: string; steps: number };
    const ctx = testContext(registry);
    const embedding = { embeds: f32(fx, 'image_embeds') };
    const text = await encodePrompts(model, [meta.text], ctx.signal);
    const { noise } = await execute<{ noise: { noise: Float32Tensor } }>(
      'decoder.invert',
      { steps: meta.steps, refine: 0 },
      { model, image: { pixels: f32(fx, 'image') }, embedding, text },
      ctx,
    );
    const xT = noise.noise;
    expect(report('inversion x_T', maxAbsDiff(xT, f32(fx, 'x_T')))).toBeLessThan(TOLERANCE);
    const { image } = await execute<{ image: ImageValue }>(
      'decoder.sample',
      { steps: meta.steps, guidance: 1, seed: 0, sampler: 'ddim', eta: 0, noise_mode: 'per_item' },
      { model, embedding, text, noise: { noise: f32(fx, 'x_T') } },
      ctx,
    );
    expect(report('inversion recon', maxAbsDiff(image.pixels, f32(fx, 'recon')))).toBeLessThan(TOLERANCE);
  });
});
