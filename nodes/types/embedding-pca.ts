import { defineNode } from '../define.ts';
import { pcaProject } from '../math/pca.ts';
import { l2normalizeRows } from '../math/slerp.ts';
import { float32 } from '../tensor.ts';

export const embeddingPca = defineNode({
  type: 'embedding.pca',
  title: 'PCA Reconstruction',
  category: 'embedding',
  description:
    "Keeps only the first k principal components of each embedding (paper §3.4): z' = mu + U_k U_kᵀ (z - mu).",
  inputs: {
    model: { kind: 'model', help: 'The bundle whose PCA basis to use.' },
    embedding: { kind: 'embedding' },
  },
  outputs: { embedding: { kind: 'embedding' } },
  rows: { inputs: ['embedding'] },
  params: {
    components: {
      kind: 'integer',
      default: 20,
      min: 1,
      max: 4096,
      help: 'Components kept (capped at the basis size); few keep the gist, many keep the details.',
    },
  },
  async execute({ params, inputs, ctx }) {
    const { model, embedding } = inputs;
    ctx.signal.throwIfAborted();
    const basis = await model.pca();
    const k = Math.min(params.components, basis.components.length);
    const projected = float32(embedding.embeds.dims, pcaProject(embedding.embeds.data, basis, k));
    const embeds = model.manifest.embedding_norm === 'l2' ? l2normalizeRows(projected) : projected;
    return { outputs: { embedding: { embeds, labels: embedding.labels } } };
  },
});
