import { assertBatchRows } from '../../core/limits.ts';
import { splitPrompts } from '../../core/prompts.ts';
import { defineNode } from '../define.ts';
import { encodePrompts } from './shared/text.ts';

export const textEncode = defineNode({
  type: 'text.encode',
  title: 'Encode Text',
  category: 'text',
  description: 'Encodes prompts with the CLIP text encoder: embedding, hidden states and mask per prompt.',
  inputs: { model: { kind: 'model' } },
  outputs: { text: { kind: 'text' } },
  rows: { lines: 'prompt' },
  params: {
    prompt: {
      kind: 'text',
      default: '',
      multiline: true,
      maxLength: 4000,
      help: 'One prompt per line; each line is one batch item. Empty = the unconditional (empty) prompt.',
    },
  },
  async execute({ params, inputs, ctx }) {
    const prompts = splitPrompts(params.prompt);
    assertBatchRows(prompts.length, 'text.encode');
    return { outputs: { text: await encodePrompts(inputs.model, prompts, ctx.signal) } };
  },
});
