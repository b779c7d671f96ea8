/** Undo/redo over whole-graph snapshots. Call record() just before an edit; rapid edits with one key coalesce. */
import type { Graph, GraphMeta } from '../graph/types.ts';
import { graphStore } from './document-store.ts';
import { createStore } from './store.ts';

interface Snapshot extends Graph {
  meta: GraphMeta;
}

const LIMIT = 300;
const COALESCE_MS = 1200;
let past: Snapshot[] = [];
let future: Snapshot[] = [];
let lastKey: string | undefined;
let lastAt = 0;

export const historyStore = createStore({ canUndo: false, canRedo: false });

const publish = () => historyStore.set({ canUndo: past.length > 0, canRedo: future.length > 0 });

function snapshot(): Snapshot {
  const { nodes, edges, meta } = graphStore.get();
  return { nodes, edges, meta };
}

function restore(s: Snapshot): void {
  const keepSelection = new Set(
    graphStore
      .get()
      .nodes.filter((n) => n.selected)
      .map((n) => n.id),
  );
  graphStore.set((g) => ({
    ...g,
    nodes: s.nodes.map((n) => ({ ...n, selected: keepSelection.has(n.id) })),
    edges: s.edges,
    meta: s.meta,
    revision: g.revision + 1,
  }));
}

/** Remember the graph as it is now, before an edit. Edits sharing `key` within a moment form one step. */
export function record(key?: string): void {
  const now = Date.now();
  const coalesce = key !== undefined && key === lastKey && now - lastAt < COALESCE_MS;
  lastKey = key;
  lastAt = now;
  if (coalesce) return;
  past.push(snapshot());
  if (past.length > LIMIT) past.shift();
  future = [];
  publish();
}

/** The last recorded step joins the one before it (an edit that turned out to be part of the previous one). */
export function squashLast(): void {
  if (past.length < 2) return;
  past.pop();
  publish();
}

export function undo(): void {
  const prev = past.pop();
  if (!prev) return;
  future.push(snapshot());
  lastKey = undefined;
  restore(prev);
  publish();
}

export function redo(): void {
  const next = future.pop();
  if (!next) return;
  past.push(snapshot());
  lastKey = undefined;
  restore(next);
  publish();
}

export function clearHistory(): void {
  past = [];
  future = [];
  lastKey = undefined;
  publish();
}
