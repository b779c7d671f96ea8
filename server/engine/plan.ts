/**
 * The execution plan: the nodes that output nodes (isOutput) need, in a deterministic topological order
 * (among ready nodes, the one listed first in the workflow runs first). Nodes nothing reads are skipped.
 */

import type { Endpoint, Workflow } from '../../core/workflow/schema.ts';
import type { AnyNodeDefinition } from '../../nodes/define.ts';

export interface PlanStep {
  id: string;
  type: string;
  def: AnyNodeDefinition;
  params: Record<string, unknown>;
  /** Input port -> the output that feeds it. */
  inputs: Record<string, Endpoint>;
  /** How many later steps read this step's outputs (the engine frees them after the last). */
  readers: number;
}

export function planWorkflow(
  workflow: Workflow,
  lookup: (type: string) => AnyNodeDefinition | undefined,
): PlanStep[] {
  const index = new Map(workflow.nodes.map((n, i) => [n.id, i]));
  const defs = new Map<string, AnyNodeDefinition>();
  for (const node of workflow.nodes) {
    const def = lookup(node.type);
    if (!def) throw new Error(`node "${node.id}" has an unknown type "${node.type}"`);
    defs.set(node.id, def);
  }
  const feeds = new Map<string, Record<string, Endpoint>>(workflow.nodes.map((n) => [n.id, {}]));
  for (const edge of workflow.edges) {
    const target = feeds.get(edge.to.node);
    if (!target || !index.has(edge.from.node))
      throw new Error(
        `edge ${edge.from.node}.${edge.from.port} -> ${edge.to.node}.${edge.to.port} names a missing node`,
      );
    target[edge.to.port] = edge.from;
  }

  // Everything the output nodes depend on.
  const needed = new Set<string>();
  const stack = workflow.nodes.filter((n) => defs.get(n.id)?.isOutput).map((n) => n.id);
  while (stack.length) {
    const id = stack.pop()!;
    if (needed.has(id)) continue;
    needed.add(id);
    for (const from of Object.values(feeds.get(id)!)) stack.push(from.node);
  }

  // Kahn's algorithm over the needed nodes, ties broken by position in the workflow.
  const waiting = new Map<string, number>();
  const readersOf = new Map<string, string[]>();
  for (const id of needed) {
    const sources = new Set(Object.values(feeds.get(id)!).map((e) => e.node));
    waiting.set(id, sources.size);
    for (const s of sources) readersOf.set(s, [...(readersOf.get(s) ?? []), id]);
  }
  const byPosition = (a: string, b: string) => index.get(a)! - index.get(b)!;
  const ready = [...needed].filter((id) => waiting.get(id) === 0).sort(byPosition);
  const order: PlanStep[] = [];
  while (ready.length) {
    const id = ready.shift()!;
    const node = workflow.nodes[index.get(id)!]!;
    order.push({
      id,
      type: node.type,
      def: defs.get(id)!,
      params: node.params,
      inputs: feeds.get(id)!,
      readers: readersOf.get(id)?.length ?? 0,
    });
    for (const r of readersOf.get(id) ?? []) {
      const left = waiting.get(r)! - 1;
      waiting.set(r, left);
      if (left === 0) {
        ready.push(r);
        ready.sort(byPosition);
      }
    }
  }
  if (order.length !== needed.size) {
    const stuck = [...needed].filter((id) => !order.some((s) => s.id === id)).sort(byPosition);
    throw new Error(`the workflow has a cycle through ${stuck.join(', ')}`);
  }
  return order;
}
