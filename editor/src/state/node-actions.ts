/** What the node context menu and shortcuts do to nodes: modes, colour, title, pin, collapse, duplicate, delete. */
import type { NodeMode } from '../../../core/workflow/node-modes.ts';
import type { NodeUiState, StudioNode } from '../graph/types.ts';
import { nodesAsWorkflow, pasteWorkflow } from './clipboard.ts';
import { graphStore } from './document-store.ts';
import { applyEdit } from './graph-edit.ts';

/** The nodes an action on `nodeId` applies to: the whole selection when the node is part of it. */
export function targetsOf(nodeId: string): string[] {
  const { nodes } = graphStore.get();
  const node = nodes.find((n) => n.id === nodeId);
  return node?.selected ? nodes.filter((n) => n.selected).map((n) => n.id) : [nodeId];
}

export const selectedIds = (): string[] =>
  graphStore
    .get()
    .nodes.filter((n) => n.selected)
    .map((n) => n.id);

function editNodes(ids: readonly string[], change: (n: StudioNode) => StudioNode): void {
  if (!ids.length) return;
  const set = new Set(ids);
  applyEdit((s) => ({ nodes: s.nodes.map((n) => (set.has(n.id) ? change(n) : n)) }));
}

const nodesOf = (ids: readonly string[]) => graphStore.get().nodes.filter((n) => ids.includes(n.id));

/** Set `mode` on the nodes, or clear it when all of them have it already. */
export function toggleMode(ids: readonly string[], mode: NodeMode): void {
  const all = nodesOf(ids).every((n) => n.data.mode === mode);
  editNodes(ids, (n) => {
    const { mode: _old, ...data } = n.data;
    return { ...n, data: all ? data : { ...data, mode } };
  });
}

export function patchUi(ids: readonly string[], patch: Partial<NodeUiState>): void {
  editNodes(ids, (n) => {
    const ui = { ...n.data.ui, ...patch };
    for (const [k, v] of Object.entries(patch)) if (v === undefined) delete ui[k];
    return { ...n, data: { ...n.data, ui } };
  });
}

/** A node's own title; an empty one brings back the type's title. */
export const renameNode = (id: string, title: string) => patchUi([id], { title: title || undefined });

export function togglePin(ids: readonly string[]): void {
  const all = nodesOf(ids).every((n) => n.data.ui.pinned);
  patchUi(ids, { pinned: all ? undefined : true });
}

export function toggleCollapsed(ids: readonly string[]): void {
  const all = nodesOf(ids).every((n) => n.data.ui.collapsed);
  patchUi(ids, { collapsed: !all });
}

/** Copies of the nodes (and the wires between them), offset a little and selected. */
export function duplicateNodes(ids: readonly string[]): void {
  const wf = nodesAsWorkflow(nodesOf(ids), 'duplicate');
  if (wf) pasteWorkflow(wf);
}

export function deleteNodes(ids: readonly string[]): void {
  const set = new Set(ids);
  applyEdit((s) => ({
    nodes: s.nodes.filter((n) => !set.has(n.id)),
    edges: s.edges.filter((e) => !set.has(e.source) && !set.has(e.target)),
  }));
}
