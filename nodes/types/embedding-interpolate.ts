import { defineNode } from '../define.ts';
import { fractionParam, framesParam, slerpSweep, sweepValues } from './shared/sweep.ts';

export const embeddingInterpolate = defineNode({
  type: 'embedding.interpolate',
  title: 'Interpolate Embeddings',
  category: 'embedding',
  description:
    'Spherical interpolation (slerp) from embedding a to b in evenly spaced frames; equal batches interpolate pairwise.',
  inputs: { a: { kind: 'embedding' }, b: { kind: 'embedding' } },
  outputs: { embedding: { kind: 'embedding', help: 'One row per frame, labelled "t=0.25".' } },
  rows: { inputs: ['a', 'b'], times: ['frames'] },
  params: {
    from: fractionParam(0, 'Start position t (0 = a).'),
    to: fractionParam(1, 'End position t (1 = b).'),
    frames: framesParam,
  },
  async execute({ params, inputs }) {
    const ts = sweepValues(params.from, params.to, params.frames);
    const { rows, labels } = slerpSweep(inputs.a.embeds, inputs.b.embeds, ts, 't', 'embedding.interpolate');
    return { outputs: { embedding: { embeds: rows, labels } } };
  },
});
