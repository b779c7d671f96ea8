import { assertBatchRows } from '../../core/limits.ts';
import { defineNode } from '../define.ts';
import { sampleDiffusion } from '../math/diffusion.ts';
import { clampTensor } from '../math/resize.ts';
import type { EmbeddingValue, ItemLabels, NoiseValue, TextValue } from '../values.ts';
import { batchOf, broadcastLabels, broadcastRows, commonBatch, itemSeed } from './shared/batch.ts';
import { decoderConditioning, guidedModel } from './shared/conditioning.ts';
import { etaParam, guidanceParam, samplerParam, seedParam, stepsParam } from './shared/param-presets.ts';
import { reportStep, stageNoise } from './shared/sampling.ts';

export const decoderSample = defineNode({
  type: 'decoder.sample',
  title: 'Decoder',
  category: 'decoder',
  description:
    "Generates images at the bundle's decoder size from CLIP image embeddings, optionally also conditioned on the caption; or from the caption alone (condition: text).",
  inputs: {
    model: { kind: 'model' },
    embedding: {
      kind: 'embedding',
      optional: true,
      requiredWhen: { param: 'condition', values: ['image+text'] },
      help: 'CLIP image embeddings (needed unless condition is text; ignored when it is).',
    },
    text: {
      kind: 'text',
      optional: true,
      requiredWhen: { param: 'condition', values: ['text'] },
      help: 'Caption conditioning; without it the empty prompt is used (needed when condition is text).',
    },
    noise: {
      kind: 'noise',
      optional: true,
      help: 'Start latents x_T (e.g. from Invert Decoder or Interpolate Noise) instead of seeded noise.',
    },
  },
  outputs: {
    image: { kind: 'image', help: 'Images in [-1, 1], labels carried from the embedding (or the captions).' },
  },
  rows: { inputs: ['embedding', 'text', 'noise'] },
  params: {
    steps: stepsParam(25),
    guidance: guidanceParam(3),
    seed: seedParam,
    sampler: samplerParam('ddpm'),
    eta: etaParam,
    condition: {
      kind: 'select',
      options: ['image+text', 'text'],
      default: 'image+text',
      help: "image+text: the image embedding and the caption; text: the caption alone, the image embedding dropped for the decoder's learned null embedding (the paper's caption-only ablation).",
    },
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
    const captionOnly = params.condition === 'text';
    if (captionOnly && !text)
      throw new Error('condition "text" decodes from the caption alone: connect the text input');
    if (!captionOnly && !embedding)
      throw new Error(
        'connect the embedding input, or set condition to "text" to decode from the caption alone',
      );
    // The image embedding conditions only with condition "image+text"; "text" drops it.
    const image = captionOnly ? undefined : embedding;
    const sizes: [string, number][] = [];
    if (image) sizes.push(['embedding', batchOf(image.embeds)]);
    if (text) sizes.push(['text', text.prompts.length]);
    if (noise) sizes.push(['noise', batchOf(noise.noise)]);
    const n = commonBatch(sizes);
    assertBatchRows(n, 'decoder.sample');
    if (noise && (noise.noise.dims.length !== 4 || noise.noise.dims[2] !== S || noise.noise.dims[3] !== S))
      throw new Error(`noise is [${noise.noise.dims.join(',')}], the decoder needs [B,3,${S},${S}]`);
    const guided = params.guidance !== 1;
    const cond = await decoderConditioning(ctx, model, image, text, n, guided);
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
      model: guidedModel(ctx, model, 'decoder', cond, params.guidance),
      onStep: reportStep(ctx, params.steps, true),
    });
    const labelSource = decoderLabels(image, text, noise, n);
    const labels = broadcastLabels(labelSource, n);
    return { outputs: { image: { pixels: clampTensor(result, -1, 1), labels } } };
  },
});

/** Labels from the embedding when it has every item, else the noise's, else the captions. */
function decoderLabels(
  embedding: EmbeddingValue | undefined,
  text: TextValue | undefined,
  noise: NoiseValue | undefined,
  n: number,
): ItemLabels {
  if (embedding && (batchOf(embedding.embeds) === n || !noise)) return embedding.labels;
  if (noise?.labels) return noise.labels;
  if (embedding) return embedding.labels;
  return text && text.prompts.length > 1 ? text.prompts : undefined;
}
