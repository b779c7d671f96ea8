import { defineNode } from '../define.ts';
import { cosineSimilarity } from '../math/slerp.ts';
import { batchOf, broadcastLabels, broadcastRows, commonBatch } from './shared/batch.ts';

export const embeddingSimilarity = defineNode({
  type: 'embedding.similarity',
  title: 'Similarity',
  category: 'output',
  description:
    'Shows the cosine similarity of each embedding to its text (CLIP score), e.g. to judge prior samples.',
  inputs: { embedding: { kind: 'embedding' }, text: { kind: 'text' } },
  outputs: {},
  rows: { inputs: ['embedding', 'text'] },
  params: {},
  isOutput: true,
  async execute({ inputs }) {
    const { embedding, text } = inputs;
    const n = commonBatch([
      ['embedding', batchOf(embedding.embeds)],
      ['text', batchOf(text.embeds)],
    ]);
    const z = broadcastRows(embedding.embeds, n);
    const t = broadcastRows(text.embeds, n);
    const width = z.data.length / n;
    const labels = broadcastLabels(embedding.labels, n);
    const values = Array.from({ length: n }, (_, i) => ({
      label: labels?.[i] ?? `#${i + 1}`,
      value: cosineSimilarity(
        z.data.subarray(i * width, (i + 1) * width),
        t.data.subarray(i * width, (i + 1) * width),
      ),
    }));
    return { outputs: {}, display: { values } };
  },
});
