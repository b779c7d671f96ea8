/** `--set node.param=value`: patch a raw workflow's params before validation, typed by the param's spec. */

import type { ParamSpec } from '../../core/param-spec.ts';
import { getNodeType } from '../../nodes/catalog.ts';
import { UsageError } from './io.ts';

/** Text as the value a param of this kind expects; unparseable text stays a string for validation to name. */
export function parseParamValue(spec: ParamSpec | undefined, text: string): unknown {
  const kind = spec?.kind;
  if (kind === 'text' || kind === 'bundle' || kind === 'input_file') return text;
  if (kind === 'select') return spec!.options.find((o) => String(o) === text) ?? text;
  if (text === 'true' || text === 'false') return text === 'true';
  const n = Number(text);
  return text.trim() !== '' && Number.isFinite(n) ? n : text;
}

/** A copy of `raw` with each `id.param=value` applied (the id may contain dots: the last one splits). */
export function applySets(raw: unknown, sets: readonly string[]): unknown {
  if (!sets.length) return raw;
  const doc = structuredClone(raw) as {
    nodes?: { id?: unknown; type?: unknown; params?: Record<string, unknown> }[];
  };
  if (!Array.isArray(doc?.nodes)) throw new UsageError('--set needs a workflow with a "nodes" list');
  for (const set of sets) {
    const eq = set.indexOf('=');
    const dot = eq < 0 ? -1 : set.lastIndexOf('.', eq);
    if (eq < 0 || dot <= 0 || dot === eq - 1)
      throw new UsageError(`--set "${set}": expected nodeId.param=value`);
    const id = set.slice(0, dot);
    const param = set.slice(dot + 1, eq);
    const node = doc.nodes.find((n) => n.id === id);
    if (!node) throw new UsageError(`--set "${set}": the workflow has no node "${id}"`);
    const params = typeof node.type === 'string' ? getNodeType(node.type)?.params : undefined;
    // An unknown name (also __proto__ or constructor) stays an own key, for validation to name.
    const spec = params && Object.hasOwn(params, param) ? params[param] : undefined;
    node.params = { ...node.params, [param]: parseParamValue(spec, set.slice(eq + 1)) };
  }
  return doc;
}
