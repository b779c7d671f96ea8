import { defineNode } from '../define.ts';
import { l2normalize, norm } from '../math/slerp.ts';
import { float32 } from '../tensor.ts';
import { batchOf, broadcastRows, commonBatch } from './shared/batch.ts';
import { fractionParam, framesParam, slerpSweep, sweepValues } from './shared/sweep.ts';

export const embeddingTextDiff = defineNode({
  type: 'embedding.text_diff',
  title: 'Text Diff',
  category: 'embedding',
  description:
    'Edits image embeddings toward a text change (paper §3.3): z_d = norm(z_to - z_from), frames slerp(z_i, z_d, θ) keeping |z_i|.',
  inputs: {
    embedding: { kind: 'embedding', help: 'The image embedding(s) to edit.' },
    from: { kind: 'text', help: 'Text describing the image now, e.g. "a photo of a cat".' },
    to: { kind: 'text', help: 'Text describing the wanted change, e.g. "an anime drawing of a cat".' },
  },
  outputs: { embedding: { kind: 'embedding', help: 'One row per frame, labelled "θ=0.10".' } },
  rows: { inputs: ['embedding', 'from', 'to'], times: ['frames'] },
  params: {
    theta_from: fractionParam(0, 'Start angle fraction θ (0 = unchanged).'),
    theta_to: fractionParam(0.5, 'End θ; 0.25-0.5 usually keeps the image recognisable.'),
    frames: framesParam,
  },
  async execute({ params, inputs }) {
    const z = inputs.embedding.embeds;
    const n = commonBatch([
      ['embedding', batchOf(z)],
      ['from', batchOf(inputs.from.embeds)],
      ['to', batchOf(inputs.to.embeds)],
    ]);
    const zi = broadcastRows(z, n);
    const from = broadcastRows(inputs.from.embeds, n);
    const to = broadcastRows(inputs.to.embeds, n);
    const width = zi.data.length / n;
    if (from.data.length / n !== width || to.data.length / n !== width)
      throw new Error('the texts and the embedding have different dimensions (different bundles?)');
    // Each row's target: the unit text direction scaled to |z_i|, so the slerp keeps the embedding's norm.
    const target = new Float32Array(zi.data.length);
    for (let i = 0; i < n; i++) {
      const row = (t: Float32Array) => t.subarray(i * width, (i + 1) * width);
      const diff = row(to.data).map((v, j) => v - row(from.data)[j]!);
      const scale = norm(row(zi.data));
      target.set(
        l2normalize(diff).map((v) => v * scale),
        i * width,
      );
    }
    const thetas = sweepValues(params.theta_from, params.theta_to, params.frames);
    const { rows, labels } = slerpSweep(zi, float32(zi.dims, target), thetas, 'θ', 'embedding.text_diff');
    return { outputs: { embedding: { embeds: rows, labels } } };
  },
});
