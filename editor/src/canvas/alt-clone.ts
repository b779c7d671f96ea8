/**
 * Alt+drag clones: the dragged nodes' copies (same params and look, no wires) end where the pointer drops
 * them, and the originals stay where they were with their wires. One undo step.
 */
import type { StudioNode } from '../graph/types.ts';
import { graphStore } from '../state/document-store.ts';
import { endDrag, freshId, startDrag } from '../state/edit.ts';
import { commit } from '../state/graph-edit.ts';

/** Original id -> clone id, for the drag under way. */
let clones = new Map<string, string>();

export function onNodeDragStart(
  event: MouseEvent | TouchEvent,
  _node: StudioNode,
  dragged: StudioNode[],
): void {
  startDrag();
  clones = new Map();
  if (!event.altKey) return;
  const taken = new Set(graphStore.get().nodes.map((n) => n.id));
  const copies: StudioNode[] = dragged.map((n) => {
    const id = freshId(n.data.type, taken);
    taken.add(id);
    clones.set(n.id, id);
    return { id, type: 'studio', position: { ...n.position }, data: structuredClone(n.data) };
  });
  graphStore.set((s) => ({ ...s, nodes: [...s.nodes, ...copies] }));
}

export function onNodeDragStop(
  _event: MouseEvent | TouchEvent,
  _node: StudioNode,
  dropped: StudioNode[],
): void {
  endDrag();
  if (!clones.size) return;
  const pairs = clones;
  clones = new Map();
  // React Flow reports where the dragged nodes were dropped; their copies still sit where the drag began.
  const droppedAt = new Map(dropped.map((n) => [n.id, n.position]));
  commit((s) => {
    const at = new Map(s.nodes.map((n) => [n.id, n.position]));
    const nodes = s.nodes.map((n) => {
      const clone = pairs.get(n.id);
      if (clone) return { ...n, position: at.get(clone)!, selected: false };
      const original = [...pairs].find(([, c]) => c === n.id)?.[0];
      if (!original) return n;
      return { ...n, position: droppedAt.get(original) ?? at.get(original)!, selected: true };
    });
    return { nodes };
  });
}
