/**
 * Reroute points are editor-only waypoints on wires, saved in the workflow's `ui.wires`: input
 * "<node>.<port>" -> the points its one wire passes through, in canvas coordinates. An input holds one
 * wire, so the input names the wire. The engine never reads them.
 */
import type { XYPosition } from '@xyflow/react';
import type { WorkflowEdge } from '../../../core/workflow/schema.ts';
import type { StudioEdge } from '../graph/types.ts';

export type WirePoints = Record<string, XYPosition[]>;

const wireKey = (to: { node: string; port: string }) => `${to.node}.${to.port}`;

const isPoint = (p: unknown): p is XYPosition =>
  typeof p === 'object' &&
  p !== null &&
  Number.isFinite((p as XYPosition).x) &&
  Number.isFinite((p as XYPosition).y);

/** The saved points of one wire (malformed entries are ignored). */
export function pointsOf(
  ui: Record<string, unknown> | undefined,
  edge: WorkflowEdge,
): XYPosition[] | undefined {
  const wires = ui?.wires;
  if (typeof wires !== 'object' || wires === null) return undefined;
  const list = (wires as Record<string, unknown>)[wireKey(edge.to)];
  if (!Array.isArray(list)) return undefined;
  const points = list.filter(isPoint).map((p) => ({ x: p.x, y: p.y }));
  return points.length ? points : undefined;
}

/** The workflow `ui` with `wires` rebuilt from the edges (wires without points leave no entry). */
export function withWirePoints(
  ui: Record<string, unknown> | undefined,
  edges: readonly StudioEdge[],
): Record<string, unknown> | undefined {
  const wires: WirePoints = {};
  for (const e of edges)
    if (e.data?.points?.length)
      wires[wireKey({ node: e.target, port: e.targetHandle ?? '' })] = e.data.points.map((p) => ({
        x: Math.round(p.x),
        y: Math.round(p.y),
      }));
  const { wires: _old, ...rest } = ui ?? {};
  if (Object.keys(wires).length) return { ...rest, wires };
  return ui === undefined ? undefined : rest;
}

/** Where a new point goes in a wire's list: the spot that lengthens the path least. */
export function insertPoint(
  points: readonly XYPosition[],
  at: XYPosition,
  start: XYPosition,
  end: XYPosition,
): XYPosition[] {
  const path = [start, ...points, end];
  const dist = (a: XYPosition, b: XYPosition) => Math.hypot(a.x - b.x, a.y - b.y);
  let best = 0;
  let bestCost = Number.POSITIVE_INFINITY;
  for (let i = 0; i < path.length - 1; i++) {
    const cost = dist(path[i]!, at) + dist(at, path[i + 1]!) - dist(path[i]!, path[i + 1]!);
    if (cost < bestCost) {
      bestCost = cost;
      best = i;
    }
  }
  return [...points.slice(0, best), at, ...points.slice(best)];
}
