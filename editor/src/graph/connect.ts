/** Connection checks for the canvas: the shared connectionProblem, fed from the editor's graph; cycles named by node titles. */
import type { Connection } from '@xyflow/react';
import { connectionProblem as problemOf } from '../../../core/workflow/connections.ts';
import type { WorkflowEdge } from '../../../core/workflow/schema.ts';
import { lookupType, nodeTitle } from '../state/catalog.ts';
import { connectionToEdge } from './convert.ts';
import type { Graph } from './types.ts';

/** Why this connection is refused, or null when it may be made. Edges into the same input are replaced, so ignored. */
export function connectionProblem(graph: Graph, connection: Connection): string | null {
  const edge = connectionToEdge(connection);
  const nodes = graph.nodes.map((n) => ({ id: n.id, type: n.data.type }));
  const edges: WorkflowEdge[] = graph.edges
    .filter((e) => !(e.target === edge.to.node && e.targetHandle === edge.to.port))
    .map(connectionToEdge);
  const problem = problemOf({ nodes, edges }, edge, lookupType);
  if (problem?.code === 'cycle' && problem.cycle) return `would make a loop: ${titled(graph, problem.cycle)}`;
  return problem?.message ?? null;
}

/** Node ids as the titles the user sees; a title shared by two nodes on the path gets its id too. */
function titled(graph: Graph, ids: string[]): string {
  const title = (id: string) => nodeTitle(graph.nodes, id);
  const counts = new Map<string, number>();
  for (const id of new Set(ids)) counts.set(title(id), (counts.get(title(id)) ?? 0) + 1);
  return ids.map((id) => (counts.get(title(id))! > 1 ? `${title(id)} (${id})` : title(id))).join(' → ');
}
