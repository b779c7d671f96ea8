import { defineNode } from '../define.ts';

export const imageLoad = defineNode({
  type: 'image.load',
  title: 'Load Image',
  category: 'image',
  description: 'Reads an uploaded image from the inputs folder as a batch of one.',
  inputs: {},
  outputs: { image: { kind: 'image' } },
  params: {
    file: { kind: 'input_file', default: '', help: 'An uploaded image (PNG or JPEG) in the inputs folder.' },
  },
  async execute({ params, ctx }) {
    return { outputs: { image: await ctx.readInputImage(params.file) } };
  },
});
