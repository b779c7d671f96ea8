/** Files dropped on the canvas or picked by "Upload": a workflow .json, an output .png carrying its workflow, or an image to load. */
import type { XYPosition } from '@xyflow/react';
import { errorMessage } from '../../../core/error-message.ts';
import { api } from '../api/client.ts';
import { withInputFile } from '../graph/file-labels.ts';
import { parseWorkflowText } from '../graph/parse.ts';
import { catalogStore } from '../state/catalog.ts';
import { addNode, loadWorkflow } from '../state/edit.ts';
import { toast } from '../state/toasts.ts';
import { isPng, readPngText } from './pngText.ts';

async function openWorkflowFile(file: File): Promise<void> {
  const wf = parseWorkflowText(await file.text());
  loadWorkflow(wf);
  toast(`Opened “${wf.name}” from ${file.name}`, 'success');
}

/** An image without a workflow becomes an image-loading node (the first type with an image-file param). */
async function addImageNode(file: File, at: XYPosition): Promise<void> {
  const loader = catalogStore
    .get()
    .list.map((t) => [t, Object.entries(t.params).find(([, s]) => s.kind === 'input_file')?.[0]] as const)
    .find(([, p]) => p);
  if (!loader) throw new Error('no node type loads images');
  const uploaded = await api.uploadInput(file);
  addNode(loader[0].type, at, withInputFile({ params: {}, ui: {} }, loader[1]!, uploaded.name, file.name));
}

export async function dropFile(file: File, at: XYPosition): Promise<void> {
  try {
    if (file.name.endsWith('.json') || file.type === 'application/json') return await openWorkflowFile(file);
    const bytes = new Uint8Array(await file.arrayBuffer());
    if (isPng(bytes)) {
      const text = (await readPngText(bytes)).workflow;
      if (text) {
        const wf = parseWorkflowText(text);
        loadWorkflow(wf);
        toast(`Opened the workflow of ${file.name}`, 'success');
        return;
      }
    }
    if (file.type.startsWith('image/')) return await addImageNode(file, at);
    throw new Error('drop a workflow .json, an output .png or an image');
  } catch (err) {
    toast(`${file.name}: ${errorMessage(err)}`, 'error', 7000);
  }
}

export async function dropFiles(files: File[], at: XYPosition): Promise<void> {
  for (const file of files) await dropFile(file, at);
}
