import { defineNode } from '../define.ts';

export const imageSave = defineNode({
  type: 'image.save',
  title: 'Save Image',
  category: 'output',
  description:
    'Writes every image of the batch as a PNG (with the workflow embedded) into the outputs folder.',
  inputs: { image: { kind: 'image' } },
  outputs: {},
  rows: { inputs: ['image'] },
  params: {
    prefix: {
      kind: 'text',
      default: 'unclip',
      maxLength: 64,
      help: 'File name prefix; a counter and the extension are appended.',
      pattern: { regex: '^[A-Za-z0-9_-]{1,64}$', message: 'must be 1-64 letters, digits, "_" or "-"' },
    },
  },
  isOutput: true,
  async execute({ params, inputs, ctx }) {
    const images = await ctx.writeImages(inputs.image, { prefix: params.prefix, temporary: false });
    return { outputs: {}, display: { images } };
  },
});
