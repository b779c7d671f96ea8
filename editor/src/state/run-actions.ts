/** Submitting, cancelling and following runs. The server executes; the editor only asks and listens. */
import { errorMessage } from '../../../core/error-message.ts';
import { SEED_MAX } from '../../../core/param-spec.ts';
import type { Issue } from '../../../core/protocol.ts';
import { validateWorkflow } from '../../../core/workflow/validate.ts';
import { ApiRequestError, api } from '../api/client.ts';
import { CLIENT_ID } from '../api/socket.ts';
import { graphToWorkflow } from '../graph/convert.ts';
import type { SeedControl } from '../graph/types.ts';
import { catalogStore, lookupType } from './catalog.ts';
import { graphStore } from './document-store.ts';
import { claimRun, runStore, showIssues } from './run-status.ts';
import { toast } from './toasts.ts';

export function currentWorkflow() {
  const s = graphStore.get();
  return graphToWorkflow(s, s.meta);
}

function nextSeed(seed: number, control: SeedControl): number {
  if (control === 'increment') return seed >= SEED_MAX ? 0 : seed + 1;
  if (control === 'randomize') return crypto.getRandomValues(new Uint32Array(1))[0]!;
  return seed;
}

/** After a run is queued, move seeds on as each node's seed control says. */
function advanceSeeds(): void {
  graphStore.set((s) => {
    let changed = false;
    const nodes = s.nodes.map((n) => {
      const control = n.data.ui.seedControl ?? 'fixed';
      const info = lookupType(n.data.type);
      if (control === 'fixed' || !info) return n;
      const params = { ...n.data.params };
      for (const [name, spec] of Object.entries(info.params)) {
        if (spec.kind === 'seed') params[name] = nextSeed(Number(params[name] ?? spec.default), control);
      }
      changed = true;
      return { ...n, data: { ...n.data, params } };
    });
    return changed ? { ...s, nodes, revision: s.revision + 1 } : s;
  });
}

/** The shared validation, run here first for instant feedback (the server checks again, files included). */
function checkLocally(workflow: ReturnType<typeof currentWorkflow>) {
  const models = catalogStore.get().models.models.map((m) => m.name);
  return validateWorkflow(workflow, {
    lookup: lookupType,
    bundleExists: (name) => models.length === 0 || models.includes(name),
    inputExists: () => true,
  });
}

function reportIssues(issues: Issue[], headline: string): void {
  const general = issues.filter((i) => !i.node).map((i) => i.message);
  toast(general.length ? general.join('; ') : `${headline}: see the outlined nodes`, 'error', 7000);
}

export async function runWorkflow(): Promise<void> {
  const workflow = currentWorkflow();
  if (!workflow.nodes.length) {
    toast('Nothing to run: add nodes from the palette (Space).', 'error');
    return;
  }
  const { issues: local, warnings } = checkLocally(workflow);
  showIssues([...local, ...warnings]);
  if (local.length) {
    reportIssues(local, 'The workflow cannot run yet');
    return;
  }
  for (const w of warnings) toast(`Warning: ${w.node ?? ''} ${w.param ?? ''} ${w.message}`, 'info', 7000);
  try {
    const res = await api.createRun(workflow, CLIENT_ID);
    claimRun(res.id);
    advanceSeeds();
    const { paused } = runStore.get().queue;
    if (res.position > 0 || paused)
      toast(`Queued at position ${res.position + 1}${paused ? ' (the queue is paused)' : ''}`);
  } catch (err) {
    if (err instanceof ApiRequestError && err.issues.length) {
      showIssues(err.issues);
      reportIssues(err.issues, err.message);
    } else toast(errorMessage(err), 'error', 7000);
  }
}

/** Cancel this tab's running run, or else its most recently queued one. */
export async function cancelRun(): Promise<void> {
  const { mine, queue } = runStore.get();
  const target =
    queue.running && mine.includes(queue.running)
      ? queue.running
      : [...queue.queued].reverse().find((id) => mine.includes(id));
  if (!target) {
    toast('No run of yours is queued or running.');
    return;
  }
  try {
    await api.cancelRun(target);
  } catch (err) {
    toast(errorMessage(err), 'error');
  }
}
