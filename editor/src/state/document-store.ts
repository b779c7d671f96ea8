/** The graph being edited, its workflow-level fields, and whether it has changes not yet saved. */
import type { Graph, GraphMeta } from '../graph/types.ts';
import { createStore } from './store.ts';

export interface GraphState extends Graph {
  meta: GraphMeta;
  /** Bumped by every edit; compared with savedRevision to know about unsaved changes. */
  revision: number;
  savedRevision: number;
  /** Bumped when a whole document is loaded, asking the canvas to fit it in view. */
  fitRequest: number;
}

export const graphStore = createStore<GraphState>({
  nodes: [],
  edges: [],
  meta: { name: 'untitled' },
  revision: 0,
  savedRevision: 0,
  fitRequest: 0,
});

export const isDirty = (s: GraphState) => s.revision !== s.savedRevision;

export function markSaved(name?: string): void {
  graphStore.set((s) => ({
    ...s,
    meta: name ? { ...s.meta, name } : s.meta,
    revision: s.revision + (name ? 1 : 0),
    savedRevision: s.revision + (name ? 1 : 0),
  }));
}
