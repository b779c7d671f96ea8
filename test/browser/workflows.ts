/** Workflows for the browser tests, written as the JSON a user would upload. */
import type { Page } from 'playwright-core';
import {
  WORKFLOW_FORMAT,
  WORKFLOW_VERSION,
  type Workflow,
  type WorkflowNode,
} from '../../core/workflow/schema.ts';

const at = (x: number, y: number) => ({ position: { x, y } });
const edge = (from: string, fromPort: string, to: string, toPort: string) => ({
  from: { node: from, port: fromPort },
  to: { node: to, port: toPort },
});

function workflow(name: string, nodes: WorkflowNode[], edges: Workflow['edges']): Workflow {
  return { format: WORKFLOW_FORMAT, version: WORKFLOW_VERSION, name, nodes, edges };
}

/** Two prompts' text embeddings, slerped in `frames` steps, decoded with shared noise and saved. */
export function interpolation(frames: number): Workflow {
  return workflow(
    'interpolation',
    [
      { id: 'model', type: 'model.load', params: { bundle: 'shapes-tiny' }, ui: at(0, 150) },
      { id: 'text_a', type: 'text.encode', params: { prompt: 'a red circle' }, ui: at(300, 0) },
      { id: 'text_b', type: 'text.encode', params: { prompt: 'a blue square' }, ui: at(300, 260) },
      { id: 'emb_a', type: 'embedding.from_text', params: {}, ui: at(600, 0) },
      { id: 'emb_b', type: 'embedding.from_text', params: {}, ui: at(600, 260) },
      { id: 'lerp', type: 'embedding.interpolate', params: { frames }, ui: at(880, 100) },
      { id: 'decoder', type: 'decoder.sample', params: { steps: 4, noise_mode: 'shared' }, ui: at(1160, 0) },
      { id: 'save', type: 'image.save', params: { prefix: 'frames' }, ui: at(1460, 0) },
    ],
    [
      edge('model', 'model', 'text_a', 'model'),
      edge('model', 'model', 'text_b', 'model'),
      edge('text_a', 'text', 'emb_a', 'text'),
      edge('text_b', 'text', 'emb_b', 'text'),
      edge('emb_a', 'embedding', 'lerp', 'a'),
      edge('emb_b', 'embedding', 'lerp', 'b'),
      edge('model', 'model', 'decoder', 'model'),
      edge('lerp', 'embedding', 'decoder', 'embedding'),
      edge('decoder', 'image', 'save', 'image'),
    ],
  );
}

/** The shortest run that writes an output image: one prompt, text embedding, a few decoder steps. */
export function quickImage(prompt = 'a green triangle'): Workflow {
  return workflow(
    'quick image',
    [
      { id: 'model', type: 'model.load', params: { bundle: 'shapes-tiny' }, ui: at(0, 80) },
      { id: 'text', type: 'text.encode', params: { prompt }, ui: at(300, 0) },
      { id: 'emb', type: 'embedding.from_text', params: {}, ui: at(600, 0) },
      { id: 'decoder', type: 'decoder.sample', params: { steps: 3, seed: 7 }, ui: at(880, 0) },
      { id: 'save', type: 'image.save', params: { prefix: 'quick' }, ui: at(1180, 0) },
    ],
    [
      edge('model', 'model', 'text', 'model'),
      edge('text', 'text', 'emb', 'text'),
      edge('model', 'model', 'decoder', 'model'),
      edge('emb', 'embedding', 'decoder', 'embedding'),
      edge('decoder', 'image', 'save', 'image'),
    ],
  );
}

/** An uploaded input image shown by a preview node. */
export function loadAndPreview(file: string): Workflow {
  return workflow(
    'load and preview',
    [
      { id: 'load', type: 'image.load', params: { file }, ui: at(0, 0) },
      { id: 'preview', type: 'image.preview', params: {}, ui: at(400, 0) },
    ],
    [edge('load', 'image', 'preview', 'image')],
  );
}

/** Open a workflow through the toolbar's Upload (a .json file). */
export async function uploadWorkflow(page: Page, wf: Workflow): Promise<void> {
  await page.getByLabel('Upload workflow file').setInputFiles({
    name: `${wf.name}.json`,
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify(wf)),
  });
  await page.waitForFunction(
    (n) => document.querySelectorAll('[data-node-id]').length === n,
    wf.nodes.length,
  );
}
