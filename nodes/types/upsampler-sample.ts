import { assertBatchRows } from '../../core/limits.ts';
import { defineNode } from '../define.ts';
import { sampleDiffusion } from '../math/diffusion.ts';
import { clampTensor, resizeBicubic } from '../math/resize.ts';
import { batchOf, itemSeed } from './shared/batch.ts';
import { etaParam, samplerParam, seedParam, stepsParam } from './shared/param-presets.ts';
import { filled, reportStep, runStage, stageNoise } from './shared/sampling.ts';

export const upsamplerSample = defineNode({
  type: 'upsampler.sample',
  title: 'Upsampler',
  category: 'decoder',
  description:
    'Super-resolution diffusion: conditions on the bicubic-upscaled input (clamped to [-1, 1]) and samples the sharper image.',
  inputs: { model: { kind: 'model' }, image: { kind: 'image' } },
  outputs: { image: { kind: 'image' } },
  rows: { inputs: ['image'] },
  params: {
    stage: {
      kind: 'select',
      options: [1, 2],
      default: 1,
      help: '1: decoder size to the first upsampler size; 2: second upsampler.',
      chain: { input: 'image' },
    },
    steps: stepsParam(10),
    seed: seedParam,
    sampler: samplerParam('ddim'),
    eta: etaParam,
  },
  async execute({ params, inputs, ctx }) {
    const { model, image } = inputs;
    const stageName = params.stage === 1 ? 'upsampler1' : 'upsampler2';
    const S = model.manifest.stages[stageName].image_size;
    const n = batchOf(image.pixels);
    assertBatchRows(n, 'upsampler.sample');
    const lowRes = clampTensor(resizeBicubic(image.pixels, S, S), -1, 1);
    const rows = Array.from({ length: n }, (_, i) => ({ seed: itemSeed(params.seed, i) }));
    const noise = stageNoise(ctx, stageName, rows, 3 * S * S);
    const result = await sampleDiffusion({
      scheduler: model.manifest.stages[stageName].scheduler,
      steps: params.steps,
      sampler: params.sampler,
      eta: params.eta,
      xT: noise.xT([n, 3, S, S]),
      noiseAt: noise.stepNoise,
      model: (x, t) =>
        runStage(ctx, model, stageName, { sample: x, low_res: lowRes, timestep: filled(n, t) }),
      onStep: reportStep(ctx, params.steps, true),
    });
    return { outputs: { image: { pixels: clampTensor(result, -1, 1), labels: image.labels } } };
  },
});
