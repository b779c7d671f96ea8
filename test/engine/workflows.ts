/** Small workflows for engine tests, built in code (few steps, so a whole run takes well under a second). */
import type { Workflow, WorkflowEdge, WorkflowNode } from '../../core/workflow/schema.ts';
import { BUNDLE } from './fixtures.ts';

export function link(from: string, to: string, fromPort: string, toPort = fromPort): WorkflowEdge {
  return { from: { node: from, port: fromPort }, to: { node: to, port: toPort } };
}

export function node(id: string, type: string, params: Record<string, unknown> = {}): WorkflowNode {
  return { id, type, params };
}

/** model -> text -> prior -> decoder -> upsampler 1 -> upsampler 2 -> save. */
export function textToImage(
  overrides: { decoderSeed?: number; prompt?: string; decoderSteps?: number } = {},
): Workflow {
  return {
    format: 'unclip-studio/workflow',
    version: 1,
    name: 'text to image (test)',
    nodes: [
      node('model', 'model.load', { bundle: BUNDLE }),
      node('text', 'text.encode', { prompt: overrides.prompt ?? 'a large red filled circle in the center' }),
      node('prior', 'prior.sample', { steps: 4, seed: 1 }),
      node('decoder', 'decoder.sample', {
        steps: overrides.decoderSteps ?? 4,
        seed: overrides.decoderSeed ?? 7,
      }),
      node('up1', 'upsampler.sample', { stage: 1, steps: 2 }),
      node('up2', 'upsampler.sample', { stage: 2, steps: 2 }),
      node('save', 'image.save', { prefix: 'test' }),
    ],
    edges: [
      link('model', 'text', 'model'),
      link('model', 'prior', 'model'),
      link('text', 'prior', 'text'),
      link('model', 'decoder', 'model'),
      link('prior', 'decoder', 'embedding'),
      link('text', 'decoder', 'text'),
      link('model', 'up1', 'model'),
      link('decoder', 'up1', 'image'),
      link('model', 'up2', 'model'),
      link('up1', 'up2', 'image'),
      link('up2', 'save', 'image'),
    ],
  };
}

/** The node ids of textToImage() in plan order. */
export const CHAIN = ['model', 'text', 'prior', 'decoder', 'up1', 'up2', 'save'];
