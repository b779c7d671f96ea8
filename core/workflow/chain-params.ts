/**
 * Chained select params (SelectParam.chain): a node fed through the chain input by a node of its own type is
 * the next pass, so it should take the next option (upsampler stage 1, then stage 2). The editor uses
 * `nextInChain` when a wire is connected; validation reports `chainWarnings` (the workflow still runs).
 */
import type { NodeSpec, SpecLookup } from '../node-spec.ts';
import type { SelectParam } from '../param-spec.ts';
import type { Issue } from '../protocol.ts';
import type { WorkflowEdge } from './schema.ts';

interface ChainNode {
  id: string;
  type: string;
  params: Record<string, unknown>;
}

function chainParams(spec: NodeSpec | undefined, input: string): [string, SelectParam][] {
  if (!spec) return [];
  return Object.entries(spec.params).filter(
    (entry): entry is [string, SelectParam] => entry[1].kind === 'select' && entry[1].chain?.input === input,
  );
}

const paramValue = (node: ChainNode, name: string, spec: SelectParam) => node.params[name] ?? spec.default;

/** The option after `value` in a chained param, or undefined at the last one. */
const nextOption = (spec: SelectParam, value: unknown) =>
  spec.options[spec.options.indexOf(value as string | number) + 1];

/**
 * Param changes for `target` when `source` (same type) feeds its input `input`: each chained param that
 * equals the source's value moves to the option after it (if there is one).
 */
export function nextInChain(
  source: ChainNode,
  target: ChainNode,
  input: string,
  lookup: SpecLookup,
): Record<string, unknown> {
  if (source.type !== target.type) return {};
  const changes: Record<string, unknown> = {};
  for (const [name, spec] of chainParams(lookup(target.type), input)) {
    const from = paramValue(source, name, spec);
    if (paramValue(target, name, spec) !== from) continue;
    const next = nextOption(spec, from);
    if (next !== undefined) changes[name] = next;
  }
  return changes;
}

/** A warning for every edge joining two nodes of one type that run the same pass of a chained param. */
export function chainWarnings(
  nodes: readonly ChainNode[],
  edges: readonly WorkflowEdge[],
  lookup: SpecLookup,
): Issue[] {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const warnings: Issue[] = [];
  for (const e of edges) {
    const source = byId.get(e.from.node);
    const target = byId.get(e.to.node);
    if (!source || !target || source.type !== target.type) continue;
    for (const [name, spec] of chainParams(lookup(target.type), e.to.port)) {
      const value = paramValue(target, name, spec);
      if (paramValue(source, name, spec) !== value) continue;
      const label = spec.label ?? name;
      const next = nextOption(spec, value);
      const hint = next === undefined ? '' : `; the pass after it is usually ${label} ${next}`;
      warnings.push({
        severity: 'warning',
        node: target.id,
        param: name,
        message: `runs ${label} ${value} again after "${source.id}" (also ${label} ${value})${hint}`,
      });
    }
  }
  return warnings;
}
