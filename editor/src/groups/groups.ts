/**
 * Groups: titled, coloured frames saved in the workflow's `ui.groups`. A group holds the nodes whose centre
 * lies inside its frame: moving the group moves them, collapsing it hides them. Every change is undoable.
 */
import { nodeSize } from '../canvas/view.ts';
import type { Rect } from '../graph/free-space.ts';
import type { GraphMeta, StudioNode } from '../graph/types.ts';
import type { GraphState } from '../state/document-store.ts';
import { graphStore } from '../state/document-store.ts';
import { freshId } from '../state/edit.ts';
import { applyEdit, dragOnCanvas } from '../state/graph-edit.ts';
import { toast } from '../state/toasts.ts';

/** A frame in canvas coordinates. */
export interface Group extends Rect {
  id: string;
  title: string;
  color: string;
  collapsed?: boolean;
}

export const GROUP_TITLE_HEIGHT = 30;
const PADDING = 24;
const MIN = { width: 160, height: 80 };

const isGroup = (g: unknown): g is Group => {
  const o = g as Group;
  return (
    typeof o === 'object' &&
    o !== null &&
    typeof o.id === 'string' &&
    typeof o.title === 'string' &&
    [o.x, o.y, o.width, o.height].every(Number.isFinite)
  );
};

/** The groups of a document (malformed entries are ignored). */
export function groupsOf(meta: GraphMeta): Group[] {
  const list = meta.ui?.groups;
  return Array.isArray(list) ? list.filter(isGroup) : [];
}

const withGroups = (s: GraphState, groups: Group[]): Partial<GraphState> => {
  const { groups: _old, ...rest } = s.meta.ui ?? {};
  return { meta: { ...s.meta, ui: groups.length ? { ...rest, groups } : rest } };
};

function changeGroups(change: (groups: Group[]) => Group[]): void {
  applyEdit((s) => withGroups(s, change(groupsOf(s.meta))));
}

export function isInside(group: Group, node: StudioNode): boolean {
  const { width, height } = nodeSize(node);
  const cx = node.position.x + width / 2;
  const cy = node.position.y + height / 2;
  return cx >= group.x && cx <= group.x + group.width && cy >= group.y && cy <= group.y + group.height;
}

function membersOf(group: Group, nodes: readonly StudioNode[]): StudioNode[] {
  return nodes.filter((n) => isInside(group, n));
}

/** A frame around these nodes (default: the selected ones); returns its id, or null (with a message) when none. */
export function groupSelection(ids?: readonly string[], title = 'Group'): string | null {
  const nodes = graphStore.get().nodes.filter((n) => (ids ? ids.includes(n.id) : n.selected));
  if (!nodes.length) {
    toast('Select the nodes to group first', 'error');
    return null;
  }
  const left = Math.min(...nodes.map((n) => n.position.x)) - PADDING;
  const top = Math.min(...nodes.map((n) => n.position.y)) - PADDING - GROUP_TITLE_HEIGHT;
  const right = Math.max(...nodes.map((n) => n.position.x + nodeSize(n).width)) + PADDING;
  const bottom = Math.max(...nodes.map((n) => n.position.y + nodeSize(n).height)) + PADDING;
  const group: Group = {
    id: freshId('group', new Set(groupsOf(graphStore.get().meta).map((g) => g.id))),
    title,
    color: 'blue',
    x: Math.round(left),
    y: Math.round(top),
    width: Math.round(right - left),
    height: Math.round(bottom - top),
  };
  changeGroups((groups) => [...groups, group]);
  return group.id;
}

export function updateGroup(id: string, patch: Partial<Omit<Group, 'id'>>): void {
  changeGroups((groups) => groups.map((g) => (g.id === id ? { ...g, ...patch } : g)));
}

/** Remove the frame; its nodes stay unless `withNodes`. */
export function removeGroup(id: string, withNodes = false): void {
  applyEdit((s) => {
    const group = groupsOf(s.meta).find((g) => g.id === id);
    const gone = new Set(group && withNodes ? membersOf(group, s.nodes).map((n) => n.id) : []);
    return {
      ...withGroups(
        s,
        groupsOf(s.meta).filter((g) => g.id !== id),
      ),
      nodes: s.nodes.filter((n) => !gone.has(n.id)),
      edges: s.edges.filter((e) => !gone.has(e.source) && !gone.has(e.target)),
    };
  });
}

export function selectGroupNodes(id: string): void {
  const group = groupsOf(graphStore.get().meta).find((g) => g.id === id);
  if (!group) return;
  graphStore.set((s) => ({ ...s, nodes: s.nodes.map((n) => ({ ...n, selected: isInside(group, n) })) }));
}

/** Drag a group by its title: it and its nodes move together (one undo step). */
export function dragGroup(event: React.PointerEvent, id: string): void {
  const s0 = graphStore.get();
  const group = groupsOf(s0.meta).find((g) => g.id === id);
  if (!group) return;
  const members = new Map(membersOf(group, s0.nodes).map((n) => [n.id, n.position]));
  dragOnCanvas(event, (_at, d, s) => ({
    ...withGroups(
      s,
      groupsOf(s.meta).map((g) => (g.id === id ? { ...g, x: group.x + d.x, y: group.y + d.y } : g)),
    ),
    nodes: s.nodes.map((n) => {
      const p = members.get(n.id);
      return p ? { ...n, position: { x: p.x + d.x, y: p.y + d.y } } : n;
    }),
  }));
}

/** Drag a group's corner to resize it. */
export function resizeGroup(event: React.PointerEvent, id: string): void {
  const group = groupsOf(graphStore.get().meta).find((g) => g.id === id);
  if (!group) return;
  dragOnCanvas(event, (_at, d, s) =>
    withGroups(
      s,
      groupsOf(s.meta).map((g) =>
        g.id === id
          ? {
              ...g,
              width: Math.round(Math.max(MIN.width, group.width + d.x)),
              height: Math.round(Math.max(MIN.height, group.height + d.y)),
            }
          : g,
      ),
    ),
  );
}
