import { defineNode } from '../define.ts';
import { fractionParam, framesParam, slerpSweep, sweepValues } from './shared/sweep.ts';

export const noiseInterpolate = defineNode({
  type: 'noise.interpolate',
  title: 'Interpolate Noise',
  category: 'noise',
  description:
    'Slerp between two decoder start latents (e.g. from two inversions), frame by frame; the norm is interpolated too.',
  inputs: { a: { kind: 'noise' }, b: { kind: 'noise' } },
  outputs: { noise: { kind: 'noise', help: 'One latent per frame, labelled "t=0.25".' } },
  rows: { inputs: ['a', 'b'], times: ['frames'] },
  params: {
    from: fractionParam(0, 'Start position t (0 = a).'),
    to: fractionParam(1, 'End position t (1 = b).'),
    frames: framesParam,
  },
  async execute({ params, inputs }) {
    const ts = sweepValues(params.from, params.to, params.frames);
    const { rows, labels } = slerpSweep(inputs.a.noise, inputs.b.noise, ts, 't', 'noise.interpolate');
    return { outputs: { noise: { noise: rows, labels } } };
  },
});
