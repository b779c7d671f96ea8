/** Copy/paste of nodes as workflow JSON, so it also works between tabs and windows. */
import type { XYPosition } from '@xyflow/react';
import { errorMessage } from '../../../core/error-message.ts';
import type { Workflow } from '../../../core/workflow/schema.ts';
import { ESTIMATED_NODE, nodeSize } from '../canvas/view.ts';
import { connectionToEdge, graphToWorkflow, toFlowEdge, workflowToGraph } from '../graph/convert.ts';
import { freeBlockSpot, type Rect } from '../graph/free-space.ts';
import { parseWorkflowText } from '../graph/parse.ts';
import type { StudioNode } from '../graph/types.ts';
import { lookupType } from './catalog.ts';
import { graphStore } from './document-store.ts';
import { freshId } from './edit.ts';
import { applyEdit } from './graph-edit.ts';
import { toast } from './toasts.ts';

/** Some of the graph's nodes and the edges between them, as a workflow; null when there are none. */
export function nodesAsWorkflow(nodes: StudioNode[], name: string): Workflow | null {
  if (!nodes.length) return null;
  const ids = new Set(nodes.map((n) => n.id));
  const edges = graphStore.get().edges.filter((e) => ids.has(e.source) && ids.has(e.target));
  return graphToWorkflow({ nodes, edges }, { name });
}

/** The selected nodes and the edges between them, as a workflow; null when nothing is selected. */
export const selectionAsWorkflow = (): Workflow | null =>
  nodesAsWorkflow(
    graphStore.get().nodes.filter((n) => n.selected),
    'clipboard',
  );

/**
 * Add a workflow's nodes under fresh ids, with the reroute points of the wires between them, as one undo
 * step: the block keeps its shape and goes to the free spot nearest `at` (or near where it was copied from).
 */
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
  const corner = freeBlockSpot(
    at ?? { x: minX + 40, y: minY + 40 },
    s.nodes,
    blockOf(graph.nodes, s.nodes, { x: minX, y: minY }),
  );
  const move = (p: XYPosition) => ({ x: p.x - minX + corner.x, y: p.y - minY + corner.y });
  const nodes = graph.nodes.map((n) => ({
    ...n,
    id: rename.get(n.id)!,
    selected: true,
    position: move(n.position),
  }));
  const typeOf = new Map(graph.nodes.map((n) => [n.id, n.data.type]));
  const edges = graph.edges
    .filter((e) => rename.has(e.source) && rename.has(e.target))
    .map((e) => {
      const { from, to } = connectionToEdge(e);
      const renamed = {
        from: { ...from, node: rename.get(from.node)! },
        to: { ...to, node: rename.get(to.node)! },
      };
      return toFlowEdge(renamed, lookupType, typeOf.get(from.node), e.data?.points?.map(move));
    });
  applyEdit((g) => ({
    nodes: [...g.nodes.map((n) => (n.selected ? { ...n, selected: false } : n)), ...nodes],
    edges: [...g.edges.map((e) => (e.selected ? { ...e, selected: false } : e)), ...edges],
  }));
}

/** Paste clipboard text (or the text a clipboard read resolves to) near `at`; says why when it is no workflow. */
export async function pasteText(text: string | Promise<string>, at?: XYPosition): Promise<void> {
  try {
    pasteWorkflow(parseWorkflowText(await text), at);
  } catch (err) {
    toast(`Nothing to paste: ${errorMessage(err)}`, 'error');
  }
}

/**
 * The pasted nodes' boxes relative to the block's top-left corner, sized as their originals when those are
 * on the canvas (copied in this tab), else by the estimate used for unmeasured nodes.
 */
function blockOf(pasted: readonly StudioNode[], existing: readonly StudioNode[], corner: XYPosition): Rect[] {
  const byId = new Map(existing.map((n) => [n.id, n]));
  return pasted.map((n) => {
    const original = byId.get(n.id);
    const size = original?.data.type === n.data.type ? nodeSize(original) : ESTIMATED_NODE;
    return { x: n.position.x - corner.x, y: n.position.y - corner.y, ...size };
  });
}
