/** What the server reports about runs: per-node states, previews, outputs, validation issues, the queue. */
import type { NodeDisplay } from '../../../core/node-spec.ts';
import type { Issue, PreviewHeader, QueueState, ServerMessage } from '../../../core/protocol.ts';
import { createStore } from './store.ts';
import { toast } from './toasts.ts';

export type NodeRunPhase = 'queued' | 'running' | 'cached' | 'done' | 'error' | 'cancelled';

export interface NodeRunState {
  phase?: NodeRunPhase;
  step?: number;
  steps?: number;
  /** Blob URL of the latest live preview. */
  preview?: string;
  display?: NodeDisplay;
  error?: string;
  /** Problems the server found before running (400 issues naming this node). */
  issues?: Issue[];
}

export interface RunState {
  clientId?: string;
  connected: boolean;
  queue: QueueState;
  /** Runs this tab submitted; only their events change the canvas. */
  mine: string[];
  /** The run whose events the canvas shows now. */
  active?: string;
  nodes: Record<string, NodeRunState>;
  /** Bumped when a run finishes or the queue changes, so panels refetch. */
  epoch: number;
}

export const runStore = createStore<RunState>({
  connected: false,
  queue: { paused: false, queued: [] },
  mine: [],
  nodes: {},
  epoch: 0,
});

function patchNode(s: RunState, id: string, patch: Partial<NodeRunState>): RunState {
  return { ...s, nodes: { ...s.nodes, [id]: { ...s.nodes[id], ...patch } } };
}

/** Show a run's validation issues on the nodes they name (and clear older ones). */
export function showIssues(issues: Issue[]): void {
  runStore.set((s) => {
    const nodes: Record<string, NodeRunState> = {};
    for (const [id, st] of Object.entries(s.nodes)) nodes[id] = { ...st, issues: undefined };
    for (const issue of issues) {
      if (!issue.node) continue;
      const st = nodes[issue.node] ?? {};
      nodes[issue.node] = { ...st, issues: [...(st.issues ?? []), issue] };
    }
    return { ...s, nodes };
  });
}

/**
 * A run ended early: nodes still waiting or running will not finish. After a cancel they say so, and a
 * half-finished (noisy) live preview is dropped.
 */
function settle(s: RunState, phase?: 'cancelled'): RunState {
  const nodes: Record<string, NodeRunState> = {};
  for (const [id, st] of Object.entries(s.nodes)) {
    if (st.phase !== 'queued' && st.phase !== 'running') nodes[id] = st;
    else if (!phase) nodes[id] = { ...st, phase: undefined };
    else {
      if (st.preview) URL.revokeObjectURL(st.preview);
      nodes[id] = { ...st, phase, preview: undefined, step: undefined };
    }
  }
  return { ...s, nodes, epoch: s.epoch + 1 };
}

export function reduceMessage(s: RunState, msg: ServerMessage): RunState {
  if (msg.type === 'hello') return { ...s, clientId: msg.clientId, queue: msg.queue, connected: true };
  if (msg.type === 'queue.changed') return { ...s, queue: msg.queue, epoch: s.epoch + 1 };
  if (!s.mine.includes(msg.runId)) {
    return msg.type === 'run.done' || msg.type === 'run.error' ? { ...s, epoch: s.epoch + 1 } : s;
  }
  switch (msg.type) {
    case 'run.start': {
      const nodes = { ...s.nodes };
      for (const id of msg.nodes)
        nodes[id] = { ...nodes[id], phase: 'queued', error: undefined, step: undefined };
      return { ...s, active: msg.runId, nodes };
    }
    case 'node.start':
      return patchNode(s, msg.node, { phase: 'running', step: undefined, steps: undefined });
    case 'node.progress':
      return patchNode(s, msg.node, { phase: 'running', step: msg.step, steps: msg.steps });
    case 'node.cached':
      return patchNode(s, msg.node, { phase: 'cached' });
    case 'node.done':
      return patchNode(s, msg.node, { phase: 'done', ...(msg.display ? { display: msg.display } : {}) });
    case 'run.done': {
      let next = { ...s, epoch: s.epoch + 1 };
      for (const [id, display] of Object.entries(msg.outputs)) next = patchNode(next, id, { display });
      return next;
    }
    case 'run.error': {
      const next = settle(s);
      return msg.node ? patchNode(next, msg.node, { phase: 'error', error: msg.message }) : next;
    }
    case 'run.cancelled':
      return settle(s, 'cancelled');
  }
}

/** A different document is on the canvas: forget node states (node ids may repeat across documents). */
export function resetRunView(outputs: Record<string, NodeDisplay> = {}): void {
  const s = runStore.get();
  for (const st of Object.values(s.nodes)) if (st.preview) URL.revokeObjectURL(st.preview);
  const nodes: Record<string, NodeRunState> = {};
  for (const [id, display] of Object.entries(outputs)) nodes[id] = { phase: 'done', display };
  runStore.set({ ...s, nodes, active: undefined });
}

/** Events of runs not (yet) known as ours: a run may start before its POST has answered. */
const unclaimed: ServerMessage[] = [];

export function handleMessage(msg: ServerMessage): void {
  if ('runId' in msg && !runStore.get().mine.includes(msg.runId)) {
    unclaimed.push(msg);
    if (unclaimed.length > 500) unclaimed.shift();
  } else if (msg.type === 'run.cancelled')
    toast('Run cancelled: nodes that had not finished are marked cancelled');
  runStore.set((s) => reduceMessage(s, msg));
}

/** Claim a run this tab submitted and replay what it already reported. */
export function claimRun(runId: string): void {
  runStore.set((s) => ({ ...s, mine: [...s.mine.slice(-50), runId] }));
  for (const msg of unclaimed.filter((m) => 'runId' in m && m.runId === runId)) {
    runStore.set((s) => reduceMessage(s, msg));
  }
}

/** A live preview arrived: show it on its node, releasing the previous image. */
export function applyPreview(header: PreviewHeader, png: Uint8Array): void {
  const s = runStore.get();
  if (!s.mine.includes(header.runId)) return;
  const url = URL.createObjectURL(new Blob([png as BlobPart], { type: 'image/png' }));
  const old = s.nodes[header.node]?.preview;
  if (old) URL.revokeObjectURL(old);
  runStore.set(
    patchNode(s, header.node, { preview: url, step: header.step, steps: header.steps, phase: 'running' }),
  );
}
