import { defineNode } from '../define.ts';

export const imagePreview = defineNode({
  type: 'image.preview',
  title: 'Preview Image',
  category: 'output',
  description: 'Shows the images on the canvas without keeping them (temporary files).',
  inputs: { image: { kind: 'image' } },
  outputs: {},
  rows: { inputs: ['image'] },
  params: {},
  isOutput: true,
  async execute({ inputs, ctx }) {
    const images = await ctx.writeImages(inputs.image, { prefix: 'preview', temporary: true });
    return { outputs: {}, display: { images } };
  },
});
