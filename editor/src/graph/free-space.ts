/**
 * Keeping nodes apart by their measured sizes (React Flow's node.measured): a node that grows (previews,
 * results, a first measurement after loading) pushes the nodes it now covers down, or right when they sit
 * beside it; a new node, or a pasted block of nodes, goes to the nearest free spot instead of on top of another.
 */
import type { XYPosition } from '@xyflow/react';
import { ESTIMATED_NODE, nodeSize } from '../canvas/view.ts';
import type { StudioNode } from './types.ts';

/** Space kept between a pushed node and the node that pushed it. */
export const NODE_GAP = 24;

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

function rectOf(n: StudioNode, estimate: boolean): Rect | undefined {
  if (!estimate && (n.measured?.width === undefined || n.measured.height === undefined)) return undefined;
  return { x: n.position.x, y: n.position.y, ...nodeSize(n) };
}

/** Whether two rectangles come closer than `gap` (touching at exactly `gap` is apart). */
function near(a: Rect, b: Rect, gap: number): boolean {
  return (
    a.x < b.x + b.width + gap &&
    b.x < a.x + a.width + gap &&
    a.y < b.y + b.height + gap &&
    b.y < a.y + a.height + gap
  );
}

function overlaps(a: Rect, b: Rect): boolean {
  return near(a, b, 0);
}

/**
 * Move the measured nodes that overlap a node in `grown` out of its way, cascading to the nodes they then
 * cover. Returns the same array when nothing moved. Only measured nodes take part (unmeasured ones are
 * not rendered, e.g. off-screen in a very large graph, and keep their place).
 */
export function pushApart(nodes: StudioNode[], grown: ReadonlySet<string>): StudioNode[] {
  const rects = new Map<string, Rect>();
  for (const n of nodes) {
    const r = rectOf(n, false);
    if (r) rects.set(n.id, r);
  }
  const queue = [...grown]
    .filter((id) => rects.has(id))
    .sort((a, b) => rects.get(a)!.y - rects.get(b)!.y || rects.get(a)!.x - rects.get(b)!.x);
  const top = new Map([...rects].map(([id, r]) => [id, r.y]));
  const moved = new Set<string>();
  const limit = 20 * rects.size + 20;
  for (let i = 0; i < queue.length && i < limit; i++) {
    const a = rects.get(queue[i]!)!;
    for (const [id, b] of rects) {
      if (b === a || !overlaps(a, b)) continue;
      // A node that was below (or level with) the pushing one moves down; one that started above it moves right.
      if (top.get(id)! >= top.get(queue[i]!)!) b.y = a.y + a.height + NODE_GAP;
      else b.x = a.x + a.width + NODE_GAP;
      moved.add(id);
      queue.push(id);
    }
  }
  if (!moved.size) return nodes;
  return nodes.map((n) => {
    if (!moved.has(n.id)) return n;
    const r = rects.get(n.id)!;
    return { ...n, position: { x: r.x, y: r.y } };
  });
}

/** Offsets from the wanted point, nearest first, on a 40 px grid out to 1600 px. */
const OFFSETS: XYPosition[] = (() => {
  const out: XYPosition[] = [];
  for (let dx = -1600; dx <= 1600; dx += 40)
    for (let dy = -1600; dy <= 1600; dy += 40) out.push({ x: dx, y: dy });
  // Prefer below and to the right at equal distance, where a column of new nodes naturally grows.
  return out.sort((a, b) => a.x * a.x + a.y * a.y - (b.x * b.x + b.y * b.y) || b.y - a.y || b.x - a.x);
})();

/**
 * Where to put the top-left corner of a block of rectangles (given relative to that corner, e.g. pasted
 * nodes) so that none comes near a node: the free position nearest to `at` (estimated sizes stand in for
 * unmeasured nodes). The block keeps its shape.
 */
export function freeBlockSpot(
  at: XYPosition,
  nodes: readonly StudioNode[],
  block: readonly Rect[],
): XYPosition {
  const rects = nodes.map((n) => rectOf(n, true)!);
  for (const o of OFFSETS) {
    const x = at.x + o.x;
    const y = at.y + o.y;
    const clear = block.every((b) => {
      const candidate = { ...b, x: x + b.x, y: y + b.y };
      return !rects.some((r) => near(candidate, r, NODE_GAP / 2));
    });
    if (clear) return { x, y };
  }
  return at;
}

/** The free position nearest to `at` for a node of about `size`. */
export function freeSpot(
  at: XYPosition,
  nodes: readonly StudioNode[],
  size: { width: number; height: number } = ESTIMATED_NODE,
): XYPosition {
  return freeBlockSpot(at, nodes, [{ x: 0, y: 0, ...size }]);
}
