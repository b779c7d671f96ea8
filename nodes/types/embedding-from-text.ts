import { defineNode } from '../define.ts';

export const embeddingFromText = defineNode({
  type: 'embedding.from_text',
  title: 'Text Embedding as Image Embedding',
  category: 'embedding',
  description:
    'Uses the CLIP text embedding directly where an image embedding is expected (no prior); CLIP puts both in one space.',
  inputs: { text: { kind: 'text' } },
  outputs: { embedding: { kind: 'embedding' } },
  rows: { inputs: ['text'] },
  params: {},
  async execute({ inputs }) {
    const { prompts, embeds } = inputs.text;
    return { outputs: { embedding: { embeds, labels: prompts.length > 1 ? prompts : undefined } } };
  },
});
