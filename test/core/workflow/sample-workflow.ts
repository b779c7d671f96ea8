/** A valid text-to-image workflow (load -> encode -> prior -> decoder -> upsampler -> save) to edit in tests. */

import type { WorkflowEdge } from '../../../core/workflow/schema.ts';
import { getNodeType } from '../../../nodes/catalog.ts';

export const edge = (from: string, fromPort: string, to: string, toPort: string): WorkflowEdge => ({
  from: { node: from, port: fromPort },
  to: { node: to, port: toPort },
});

export function textToImage() {
  return {
    format: 'unclip-studio/workflow',
    version: 1,
    name: 'text to image',
    nodes: [
      { id: 'load', type: 'model.load', params: { bundle: 'shapes-tiny' } },
      { id: 'text', type: 'text.encode', params: { prompt: 'a red circle' } },
      { id: 'prior', type: 'prior.sample', params: { steps: 10, seed: 3 } },
      { id: 'decode', type: 'decoder.sample', params: {} },
      { id: 'up', type: 'upsampler.sample', params: { stage: 1 } },
      { id: 'save', type: 'image.save', params: { prefix: 'shapes' }, ui: { position: { x: 10, y: 20 } } },
    ],
    edges: [
      edge('load', 'model', 'text', 'model'),
      edge('load', 'model', 'prior', 'model'),
      edge('text', 'text', 'prior', 'text'),
      edge('load', 'model', 'decode', 'model'),
      edge('prior', 'embedding', 'decode', 'embedding'),
      edge('text', 'text', 'decode', 'text'),
      edge('load', 'model', 'up', 'model'),
      edge('decode', 'image', 'up', 'image'),
      edge('up', 'image', 'save', 'image'),
    ],
  };
}

export const env = {
  lookup: getNodeType,
  bundleExists: (name: string) => name === 'shapes-tiny',
  inputExists: (name: string) => name === 'cat.png',
};
