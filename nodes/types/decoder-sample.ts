import { assertBatchRows } from '../../core/limits.ts';
import { defineNode } from '../define.ts';
import { sampleDiffusion } from '../math/diffusion.ts';
import { clampTensor } from '../math/resize.ts';
import { concatBatch } from '../tensor.ts';
import { batchOf, broadcastLabels, broadcastRows, commonBatch, itemSeed } from './shared/batch.ts';
import { decoderConditioning } from './shared/decoder.ts';
import { etaParam, guidanceParam, samplerParam, seedParam, stepsParam } from './shared/param-presets.ts';
import { filled, guide, reportStep, runStage, stageNoise } from './shared/sampling.ts';

export const decoderSample = defineNode({
  type: 'decoder.sample',
  title: 'Decoder',
  category: 'decoder',
  description:
    'Generates 64 px images (the bundle decoder size) from CLIP image embeddings, optionally also conditioned on the text.',
  inputs: {
    model: { kind: 'model' },
    embedding: { kind: 'embedding' },
    text: {
      kind: 'text',
      optional: true,
      help: 'Caption conditioning; without it the empty prompt is used.',
    },
    noise: {
      kind: 'noise',
      optional: true,
      help: 'Start latents x_T (e.g. from Invert Decoder or Interpolate Noise) instead of seeded noise.',
    },
  },
  outputs: { image: { kind: 'image', help: 'Images in [-1, 1], labels carried from the embedding.' } },
  rows: { inputs: ['embedding', 'text', 'noise'] },
  params: {
    steps: stepsParam(25),
    guidance: guidanceParam(3),
    seed: seedParam,
    sampler: samplerParam('ddpm'),
    eta: etaParam,
    noise_mode: {
      kind: 'select',
      options: ['per_item', 'shared'],
      default: 'per_item',
      help: 'per_item: item i uses seed + i; shared: every item uses the same noise (compare embeddings fairly).',
    },
  },
  async execute({ params, inputs, ctx }) {
    const { model, embedding, text, noise } = inputs;
    const S = model.manifest.stages.decoder.image_size;
    const sizes: [string, number][] = [['embedding', batchOf(embedding.embeds)]];
    if (text) sizes.push(['text', text.prompts.length]);
    if (noise) sizes.push(['noise', batchOf(noise.noise)]);
    const n = commonBatch(sizes);
    assertBatchRows(n, 'decoder.sample');
    if (noise && (noise.noise.dims.length !== 4 || noise.noise.dims[2] !== S || noise.noise.dims[3] !== S))
      throw new Error(`noise is [${noise.noise.dims.join(',')}], the decoder needs [B,3,${S},${S}]`);
    const guided = params.guidance !== 1;
    const cond = await decoderConditioning(ctx, model, embedding, text, n, guided);
    const seeds = Array.from({ length: n }, (_, i) => ({
      seed: params.noise_mode === 'shared' ? params.seed : itemSeed(params.seed, i),
    }));
    const sources = stageNoise(ctx, 'decoder', seeds, 3 * S * S);
    const xT = noise ? broadcastRows(noise.noise, n) : sources.xT([n, 3, S, S]);
    const result = await sampleDiffusion({
      scheduler: model.manifest.stages.decoder.scheduler,
      steps: params.steps,
      sampler: params.sampler,
      eta: params.eta,
      xT,
      noiseAt: sources.stepNoise,
      async model(x, t) {
        const sample = guided ? concatBatch([x, x]) : x;
        const out = await runStage(ctx, model, 'decoder', 'model_output', {
          sample,
          timestep: filled(sample.dims[0]!, t),
          ...cond,
        });
        return guided ? guide(out, params.guidance, x) : out;
      },
      onStep: reportStep(ctx, params.steps, true),
    });
    const labelSource =
      noise && batchOf(embedding.embeds) !== n ? (noise.labels ?? embedding.labels) : embedding.labels;
    const labels = broadcastLabels(labelSource, n);
    return { outputs: { image: { pixels: clampTensor(result, -1, 1), labels } } };
  },
});
