/** Pushing nodes apart by measured size, and finding free space for a new node (editor/src/graph/free-space.ts). */
import { describe, expect, it } from 'vitest';
import { freeBlockSpot, freeSpot, NODE_GAP, pushApart } from '../../editor/src/graph/free-space.ts';
import type { StudioNode } from '../../editor/src/graph/types.ts';

const node = (id: string, x: number, y: number, width?: number, height?: number): StudioNode => ({
  id,
  type: 'studio',
  position: { x, y },
  data: { type: 'image.save', params: {}, ui: {} },
  ...(width && height ? { measured: { width, height } } : {}),
});
const positions = (nodes: StudioNode[]) => Object.fromEntries(nodes.map((n) => [n.id, n.position]));

describe('pushApart', () => {
  it('leaves apart nodes alone (the same array)', () => {
    const nodes = [node('a', 0, 0, 200, 100), node('b', 0, 200, 200, 100)];
    expect(pushApart(nodes, new Set(['a', 'b']))).toBe(nodes);
  });

  it('a grown node pushes the node below it down, and that one the next (cascade)', () => {
    const nodes = [node('a', 0, 0, 200, 300), node('b', 0, 200, 200, 100), node('c', 0, 320, 200, 100)];
    const out = positions(pushApart(nodes, new Set(['a'])));
    expect(out.b).toEqual({ x: 0, y: 300 + NODE_GAP });
    expect(out.c).toEqual({ x: 0, y: 300 + NODE_GAP + 100 + NODE_GAP });
  });

  it('a node that starts above the grown one moves right instead; unmeasured nodes keep their place', () => {
    const nodes = [node('a', 0, 100, 400, 100), node('b', 300, 50, 200, 100), node('c', 10, 120)];
    const out = positions(pushApart(nodes, new Set(['a'])));
    expect(out.b).toEqual({ x: 400 + NODE_GAP, y: 50 });
    expect(out.c).toEqual({ x: 10, y: 120 });
  });
});

describe('freeSpot', () => {
  it('keeps the wanted point when it is free, and moves off a node that is there', () => {
    const size = { width: 200, height: 100 };
    expect(freeSpot({ x: 0, y: 0 }, [], size)).toEqual({ x: 0, y: 0 });
    const taken = [node('a', 0, 0, 200, 100)];
    const spot = freeSpot({ x: 0, y: 0 }, taken, size);
    const clear = spot.x >= 200 || spot.x + 200 <= 0 || spot.y >= 100 || spot.y + 100 <= 0;
    expect(clear).toBe(true);
    expect(Math.hypot(spot.x, spot.y)).toBeLessThanOrEqual(160);
  });
});

describe('freeBlockSpot', () => {
  it('moves a whole block (a paste) until none of its boxes comes near a node, keeping its shape', () => {
    const block = [
      { x: 0, y: 0, width: 200, height: 100 },
      { x: 300, y: 0, width: 200, height: 100 },
    ];
    expect(freeBlockSpot({ x: 0, y: 0 }, [], block)).toEqual({ x: 0, y: 0 });
    // Only the block's second box would land on the node: the nearest clear spot is one grid step below it.
    const taken = [node('a', 300, 0, 200, 100)];
    expect(freeSpot({ x: 0, y: 0 }, taken, block[0])).toEqual({ x: 0, y: 0 });
    expect(freeBlockSpot({ x: 0, y: 0 }, taken, block)).toEqual({ x: 0, y: 120 });
  });
});
