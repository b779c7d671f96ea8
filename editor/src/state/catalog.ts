/** The node catalogue and model list, fetched from the server once at start. */
import { errorMessage } from '../../../core/error-message.ts';
import type { NodeCategory, NodeSpec } from '../../../core/node-spec.ts';
import type { ParamSpec } from '../../../core/param-spec.ts';
import type { ModelsResponse } from '../../../core/protocol.ts';
import { api } from '../api/client.ts';
import type { StudioNode } from '../graph/types.ts';
import { createStore } from './store.ts';

export interface CatalogState {
  status: 'loading' | 'ready' | 'error';
  error?: string;
  types: Record<string, NodeSpec>;
  list: NodeSpec[];
  models: ModelsResponse;
}

export const catalogStore = createStore<CatalogState>({
  status: 'loading',
  types: {},
  list: [],
  models: { models: [], default: '' },
});

export const CATEGORY_ORDER: NodeCategory[] = [
  'model',
  'text',
  'image',
  'prior',
  'embedding',
  'noise',
  'decoder',
  'output',
];

export const lookupType = (type: string): NodeSpec | undefined => catalogStore.get().types[type];

/** The title a node shows: its own, else its type's, else its id. */
export function nodeTitle(nodes: readonly StudioNode[], id: string): string {
  const n = nodes.find((node) => node.id === id);
  return n?.data.ui.title ?? (n && lookupType(n.data.type)?.title) ?? id;
}

export async function loadCatalog(): Promise<void> {
  try {
    const [nodes, models] = await Promise.all([
      api.nodes(),
      api.models().catch(() => ({ models: [], default: '' })),
    ]);
    const types = Object.fromEntries(nodes.nodes.map((n) => [n.type, n]));
    catalogStore.set({ status: 'ready', types, list: nodes.nodes, models });
  } catch (err) {
    catalogStore.set((s) => ({ ...s, status: 'error', error: errorMessage(err) }));
  }
}

function defaultValue(spec: ParamSpec, models: ModelsResponse): unknown {
  if (spec.kind === 'bundle') return spec.default || models.default || models.models[0]?.name || '';
  return spec.default;
}

/** Param values for a new node of this type: every param at its default. */
export function defaultParams(info: NodeSpec): Record<string, unknown> {
  const { models } = catalogStore.get();
  return Object.fromEntries(Object.entries(info.params).map(([k, s]) => [k, defaultValue(s, models)]));
}
