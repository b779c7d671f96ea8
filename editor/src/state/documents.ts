/** Whole-document actions: new, open from the library, save, download, upload, examples, reopen a run. */
import { errorMessage } from '../../../core/error-message.ts';
import type { Workflow } from '../../../core/workflow/schema.ts';
import { WORKFLOW_FORMAT, WORKFLOW_VERSION } from '../../../core/workflow/schema.ts';
import { api } from '../api/client.ts';
import { downloadBlob, safeFileName } from '../files/download.ts';
import { dropFile } from '../files/dropFiles.ts';
import { parseWorkflow } from '../graph/parse.ts';
import { graphStore, markSaved } from './document-store.ts';
import { loadWorkflow } from './edit.ts';
import { currentWorkflow } from './run-actions.ts';
import { toast } from './toasts.ts';

/** An empty canvas. Undoable, so nothing is lost by pressing New. */
export function newWorkflow(): void {
  loadWorkflow({
    format: WORKFLOW_FORMAT,
    version: WORKFLOW_VERSION,
    name: 'untitled',
    nodes: [],
    edges: [],
  });
}

export function renameWorkflow(name: string): void {
  graphStore.set((s) => ({ ...s, meta: { ...s.meta, name }, revision: s.revision + 1 }));
}

export async function saveToLibrary(): Promise<void> {
  const wf = currentWorkflow();
  const name = wf.name.trim() || 'untitled';
  try {
    await api.saveWorkflow(name, { ...wf, name });
    markSaved(name === wf.name ? undefined : name);
    toast(`Saved “${name}”`, 'success');
  } catch (err) {
    toast(`Save failed: ${errorMessage(err)}`, 'error', 7000);
  }
}

export async function openFromLibrary(name: string): Promise<void> {
  try {
    loadWorkflow(parseWorkflow(await api.workflow(name)), { saved: true });
    toast(`Opened “${name}”`, 'success');
  } catch (err) {
    toast(`Could not open “${name}”: ${errorMessage(err)}`, 'error', 7000);
  }
}

export function downloadWorkflow(): void {
  const wf = currentWorkflow();
  const blob = new Blob([`${JSON.stringify(wf, null, 2)}\n`], { type: 'application/json' });
  downloadBlob(blob, `${safeFileName(wf.name)}.json`);
  markSaved();
}

export async function uploadWorkflowFile(file: File): Promise<void> {
  await dropFile(file, { x: 0, y: 0 });
}

export function openExample(wf: Workflow): void {
  loadWorkflow(wf);
  toast(`Opened example “${wf.name}”`, 'success');
}

/** Reopen the workflow a past run executed. */
export async function reopenRun(id: string): Promise<void> {
  try {
    const run = await api.run(id);
    loadWorkflow(parseWorkflow(run.workflow), { outputs: run.outputs ?? {} });
    toast(`Opened the workflow of run ${run.name || id}`, 'success');
  } catch (err) {
    toast(`Could not open run ${id}: ${errorMessage(err)}`, 'error', 7000);
  }
}
