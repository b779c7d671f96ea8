/**
 * "Tidy": a layered layout. Each node goes in the column of its longest path from a source; columns keep the
 * nodes' previous vertical order and stack them by their measured heights, so nothing overlaps.
 */
import type { XYPosition } from '@xyflow/react';
import { topologicalOrder } from '../../../core/workflow/topo-order.ts';
import type { Graph } from './types.ts';

const COLUMN_GAP = 60;
const ROW_GAP = 24;
const FALLBACK = { width: 250, height: 200 };

export function tidyPositions(graph: Graph): Map<string, XYPosition> {
  // Longest-path layering in topological order: O((nodes + edges) log nodes). Nodes on a cycle (a
  // hand-edited file) keep column 0.
  const depth = new Map<string, number>(graph.nodes.map((n) => [n.id, 0]));
  const next = new Map<string, string[]>();
  for (const e of graph.edges) {
    const list = next.get(e.source);
    if (list) list.push(e.target);
    else next.set(e.source, [e.target]);
  }
  const links = graph.edges.map((e) => [e.source, e.target] as const);
  for (const id of topologicalOrder(
    graph.nodes.map((n) => n.id),
    links,
  ).order)
    for (const to of next.get(id) ?? [])
      if (depth.has(to)) depth.set(to, Math.max(depth.get(to)!, depth.get(id)! + 1));
  const columns: (typeof graph.nodes)[] = [];
  for (const n of graph.nodes) {
    const d = depth.get(n.id)!;
    const column = columns[d];
    if (column) column.push(n);
    else columns[d] = [n];
  }
  const left = Math.min(...graph.nodes.map((n) => n.position.x));
  const top = Math.min(...graph.nodes.map((n) => n.position.y));
  const out = new Map<string, XYPosition>();
  let x = left;
  for (const column of columns) {
    if (!column) continue;
    column.sort((a, b) => a.position.y - b.position.y);
    let y = top;
    let width = 0;
    for (const n of column) {
      out.set(n.id, { x, y });
      y += (n.measured?.height ?? FALLBACK.height) + ROW_GAP;
      width = Math.max(width, n.measured?.width ?? FALLBACK.width);
    }
    x += width + COLUMN_GAP;
  }
  return out;
}
