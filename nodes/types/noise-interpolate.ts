import { defineNode } from '../define.ts';
import { pairSweepParams, slerpPairSweep } from './shared/sweep.ts';

export const noiseInterpolate = defineNode({
  type: 'noise.interpolate',
  title: 'Interpolate Noise',
  category: 'noise',
  description:
    'Slerp between two decoder start latents (e.g. from two inversions), frame by frame; the norm is interpolated too.',
  inputs: { a: { kind: 'noise' }, b: { kind: 'noise' } },
  outputs: { noise: { kind: 'noise', help: 'One latent per frame, labelled "t=0.25".' } },
  rows: { inputs: ['a', 'b'], times: ['frames'] },
  params: pairSweepParams,
  async execute({ params, inputs }) {
    const { rows, labels } = slerpPairSweep(inputs.a.noise, inputs.b.noise, params, 'noise.interpolate');
    return { outputs: { noise: { noise: rows, labels } } };
  },
});
