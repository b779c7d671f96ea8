import { defineNode } from '../define.ts';

export const modelLoad = defineNode({
  type: 'model.load',
  title: 'Load Model',
  category: 'model',
  description: 'Loads an installed unCLIP model bundle (CLIP encoders, prior, decoder, upsamplers).',
  inputs: {},
  outputs: { model: { kind: 'model', help: 'The loaded bundle, shared by every stage node.' } },
  params: {
    bundle: { kind: 'bundle', default: '', help: 'Name of an installed model bundle.' },
  },
  async execute({ params, ctx }) {
    return { outputs: { model: await ctx.model(params.bundle) } };
  },
});
