/** Copy/paste of nodes as workflow JSON, so it also works between tabs and windows. */
import type { XYPosition } from '@xyflow/react';
import type { Workflow } from '../../../core/workflow/schema.ts';
import { graphToWorkflow, toFlowEdge, workflowToGraph } from '../graph/convert.ts';
import { lookupType } from './catalog.ts';
import { graphStore } from './document-store.ts';
import { freshId } from './edit.ts';
import { record } from './history.ts';

/** The selected nodes and the edges between them, as a workflow; null when nothing is selected. */
export function selectionAsWorkflow(): Workflow | null {
  const s = graphStore.get();
  const nodes = s.nodes.filter((n) => n.selected);
  if (!nodes.length) return null;
  const ids = new Set(nodes.map((n) => n.id));
  const edges = s.edges.filter((e) => ids.has(e.source) && ids.has(e.target));
  return graphToWorkflow({ nodes, edges }, { name: 'clipboard' });
}

/** Add a workflow's nodes under fresh ids, their top-left corner at `at` (or offset from where they were). */
export function pasteWorkflow(wf: Workflow, at?: XYPosition): void {
  const { graph } = workflowToGraph(wf, lookupType);
  if (!graph.nodes.length) return;
  const s = graphStore.get();
  const taken = new Set(s.nodes.map((n) => n.id));
  const rename = new Map<string, string>();
  for (const n of graph.nodes) {
    const id = freshId(n.data.type, taken);
    taken.add(id);
    rename.set(n.id, id);
  }
  const minX = Math.min(...graph.nodes.map((n) => n.position.x));
  const minY = Math.min(...graph.nodes.map((n) => n.position.y));
  const shift = at ? { x: at.x - minX, y: at.y - minY } : { x: 40, y: 40 };
  const nodes = graph.nodes.map((n) => ({
    ...n,
    id: rename.get(n.id)!,
    selected: true,
    position: { x: n.position.x + shift.x, y: n.position.y + shift.y },
  }));
  const edges = wf.edges
    .filter((e) => rename.has(e.from.node) && rename.has(e.to.node))
    .map((e) =>
      toFlowEdge(
        {
          from: { ...e.from, node: rename.get(e.from.node)! },
          to: { ...e.to, node: rename.get(e.to.node)! },
        },
        lookupType,
        wf.nodes.find((n) => n.id === e.from.node)?.type,
      ),
    );
  record();
  graphStore.set((g) => ({
    ...g,
    nodes: [...g.nodes.map((n) => (n.selected ? { ...n, selected: false } : n)), ...nodes],
    edges: [...g.edges.map((e) => (e.selected ? { ...e, selected: false } : e)), ...edges],
    revision: g.revision + 1,
  }));
}
