/**
 * "Tidy": a layered layout. Each node goes in the column of its longest path from a source; columns keep the
 * nodes' previous vertical order and stack them by their measured heights, so nothing overlaps.
 */
import type { XYPosition } from '@xyflow/react';
import type { Graph } from './types.ts';

const COLUMN_GAP = 60;
const ROW_GAP = 24;
const FALLBACK = { width: 250, height: 200 };

export function tidyPositions(graph: Graph): Map<string, XYPosition> {
  const depth = new Map<string, number>(graph.nodes.map((n) => [n.id, 0]));
  // Longest-path layering (graphs are acyclic; the bound guards against a cycle in a hand-edited file).
  for (let pass = 0; pass < graph.nodes.length; pass++) {
    let changed = false;
    for (const e of graph.edges) {
      const next = (depth.get(e.source) ?? 0) + 1;
      if (depth.has(e.target) && next > depth.get(e.target)!) {
        depth.set(e.target, next);
        changed = true;
      }
    }
    if (!changed) break;
  }
  const columns: (typeof graph.nodes)[] = [];
  for (const n of graph.nodes) {
    const d = depth.get(n.id)!;
    columns[d] = [...(columns[d] ?? []), n];
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
