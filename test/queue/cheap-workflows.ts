/** Workflows the Redis-mode tests and the bench queue: cheap CLIP-only runs, and text->image with few steps. */
import type { Workflow } from '../../core/workflow/schema.ts';
import { edge } from '../server/workflows.ts';

export function similarityWorkflow(prompt = 'a red circle'): Workflow {
  return {
    format: 'unclip-studio/workflow',
    version: 1,
    name: 'cheap similarity',
    nodes: [
      { id: 'model', type: 'model.load', params: { bundle: 'shapes-tiny' } },
      { id: 'text', type: 'text.encode', params: { prompt } },
      { id: 'emb', type: 'embedding.from_text', params: {} },
      { id: 'sim', type: 'embedding.similarity', params: {} },
    ],
    edges: [
      edge('model', 'model', 'text', 'model'),
      edge('text', 'text', 'emb', 'text'),
      edge('emb', 'embedding', 'sim', 'embedding'),
      edge('text', 'text', 'sim', 'text'),
    ],
  };
}
