import { defineNode } from '../define.ts';
import { pairSweepParams, slerpPairSweep } from './shared/sweep.ts';

export const embeddingInterpolate = defineNode({
  type: 'embedding.interpolate',
  title: 'Interpolate Embeddings',
  category: 'embedding',
  description:
    'Spherical interpolation (slerp) from embedding a to b in evenly spaced frames; equal batches interpolate pairwise.',
  inputs: { a: { kind: 'embedding' }, b: { kind: 'embedding' } },
  outputs: { embedding: { kind: 'embedding', help: 'One row per frame, labelled "t=0.25".' } },
  rows: { inputs: ['a', 'b'], times: ['frames'] },
  params: pairSweepParams,
  async execute({ params, inputs }) {
    const { rows, labels } = slerpPairSweep(
      inputs.a.embeds,
      inputs.b.embeds,
      params,
      'embedding.interpolate',
    );
    return { outputs: { embedding: { embeds: rows, labels } } };
  },
});
