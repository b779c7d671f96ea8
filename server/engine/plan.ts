/**
 * The execution plan: the nodes that output nodes (isOutput) need, in a deterministic topological order
 * (among ready nodes, the one listed first in the workflow runs first). Nodes nothing reads are skipped.
 */

import type { Endpoint, Workflow } from '../../core/workflow/schema.ts';
import { topologicalOrder } from '../../core/workflow/topo-order.ts';
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

/** The distinct nodes feeding a step's inputs (a node feeding two ports counts once). */
export function sourceNodes(inputs: Readonly<Record<string, Endpoint>>): Set<string> {
  return new Set(Object.values(inputs).map((e) => e.node));
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

  // Topological order over the needed nodes, ties broken by position in the workflow: O((n + e) log n).
  const readersOf = new Map<string, number>();
  const links: [string, string][] = [];
  for (const id of needed)
    for (const source of sourceNodes(feeds.get(id)!)) {
      readersOf.set(source, (readersOf.get(source) ?? 0) + 1);
      links.push([source, id]);
    }
  const ids = workflow.nodes.map((n) => n.id).filter((id) => needed.has(id));
  const { order: sorted, stuck } = topologicalOrder(ids, links);
  if (stuck.length) throw new Error(`the workflow has a cycle through ${stuck.join(', ')}`);
  const order: PlanStep[] = sorted.map((id) => {
    const node = workflow.nodes[index.get(id)!]!;
    return {
      id,
      type: node.type,
      def: defs.get(id)!,
      params: node.params,
      inputs: feeds.get(id)!,
      readers: readersOf.get(id) ?? 0,
    };
  });
  return order;
}
