/** Workflows the server tests queue: the full text-to-image chain with few steps, so runs stay fast. */
import type { Workflow } from '../../core/workflow/schema.ts';

export interface Steps {
  prior: number;
  decoder: number;
  upsampler1: number;
  upsampler2: number;
}

export const FAST_STEPS: Steps = { prior: 3, decoder: 4, upsampler1: 2, upsampler2: 2 };

/** An edge from one node's output port to another's input port. */
export function edge(from: string, fromPort: string, to: string, toPort: string) {
  return { from: { node: from, port: fromPort }, to: { node: to, port: toPort } };
}

export function textToImage(
  options: { steps?: Steps; seed?: number; prompt?: string; name?: string } = {},
): Workflow {
  const steps = options.steps ?? FAST_STEPS;
  const seed = options.seed ?? 1;
  const node = (id: string, type: string, params: Record<string, unknown> = {}) => ({ id, type, params });
  return {
    format: 'unclip-studio/workflow',
    version: 1,
    name: options.name ?? 'server test',
    nodes: [
      node('model', 'model.load', { bundle: 'shapes-tiny' }),
      node('text', 'text.encode', { prompt: options.prompt ?? 'a red circle' }),
      node('prior', 'prior.sample', { steps: steps.prior, seed }),
      node('decoder', 'decoder.sample', { steps: steps.decoder, seed }),
      node('up1', 'upsampler.sample', { stage: 1, steps: steps.upsampler1, seed }),
      node('up2', 'upsampler.sample', { stage: 2, steps: steps.upsampler2, seed }),
      node('save', 'image.save', { prefix: 'test' }),
    ],
    edges: [
      edge('model', 'model', 'text', 'model'),
      edge('model', 'model', 'prior', 'model'),
      edge('text', 'text', 'prior', 'text'),
      edge('model', 'model', 'decoder', 'model'),
      edge('prior', 'embedding', 'decoder', 'embedding'),
      edge('text', 'text', 'decoder', 'text'),
      edge('model', 'model', 'up1', 'model'),
      edge('decoder', 'image', 'up1', 'image'),
      edge('model', 'model', 'up2', 'model'),
      edge('up1', 'image', 'up2', 'image'),
      edge('up2', 'image', 'save', 'image'),
    ],
  };
}
