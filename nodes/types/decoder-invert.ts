import { assertBatchRows } from '../../core/limits.ts';
import { defineNode } from '../define.ts';
import { resizeAndCenterCrop } from '../math/crop-resize.ts';
import { invertDiffusion } from '../math/inversion.ts';
import { clampTensor } from '../math/resize.ts';
import { batchOf, broadcastLabels, broadcastRows, commonBatch } from './shared/batch.ts';
import { decoderConditioning, guidedModel } from './shared/conditioning.ts';
import { stepsParam } from './shared/param-presets.ts';

export const decoderInvert = defineNode({
  type: 'decoder.invert',
  title: 'Invert Decoder',
  category: 'decoder',
  description:
    'DDIM inversion: finds the decoder start noise x_T that reproduces the image from its embedding. Decode it with the same steps and text, sampler ddim, eta 0 and guidance 1 to get the image back; eta > 0 gives variations that keep it.',
  inputs: {
    model: { kind: 'model' },
    image: { kind: 'image', help: 'Resized and centre-cropped to the decoder size.' },
    embedding: { kind: 'embedding', help: "Usually the image's own CLIP embedding (Encode Image)." },
    text: {
      kind: 'text',
      optional: true,
      help: 'Caption conditioning (decode with the same text); without it the empty prompt is used.',
    },
  },
  outputs: { noise: { kind: 'noise' } },
  rows: { inputs: ['image', 'embedding', 'text'] },
  params: {
    steps: stepsParam(25, 2),
    refine: {
      kind: 'integer',
      default: 10,
      min: 0,
      max: 50,
      help: "Fixed-point corrections per step, used only where a step does not yet map back to the image (the grid's last steps). 0 = plain DDIM inversion, which loses white and black backgrounds.",
    },
  },
  async execute({ params, inputs, ctx }) {
    const { model, image, embedding, text } = inputs;
    const S = model.manifest.stages.decoder.image_size;
    const sizes: [string, number][] = [
      ['image', batchOf(image.pixels)],
      ['embedding', batchOf(embedding.embeds)],
    ];
    if (text) sizes.push(['text', text.prompts.length]);
    const n = commonBatch(sizes);
    assertBatchRows(n, 'decoder.invert');
    const x0 = broadcastRows(clampTensor(resizeAndCenterCrop(image.pixels, S), -1, 1), n);
    const cond = await decoderConditioning(ctx, model, embedding, text, n, false);
    const noise = await invertDiffusion({
      scheduler: model.manifest.stages.decoder.scheduler,
      steps: params.steps,
      x0,
      refine: params.refine,
      model: guidedModel(ctx, model, 'decoder', cond, 1),
      onStep: (k) => ctx.progress(k + 1, params.steps - 1),
    });
    return { outputs: { noise: { noise, labels: broadcastLabels(image.labels, n) } } };
  },
});
