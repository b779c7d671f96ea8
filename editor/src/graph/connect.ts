/** Connection checks for the canvas: the shared validateConnection, fed from the editor's graph. */
import type { Connection } from '@xyflow/react';
import { validateConnection } from '../../../core/workflow/connections.ts';
import type { WorkflowEdge } from '../../../core/workflow/schema.ts';
import { lookupType } from '../state/catalog.ts';
import { connectionToEdge } from './convert.ts';
import type { Graph } from './types.ts';

/** Why this connection is refused, or null when it may be made. Edges into the same input are replaced, so ignored. */
export function connectionProblem(graph: Graph, connection: Connection): string | null {
  const edge = connectionToEdge(connection);
  const nodes = graph.nodes.map((n) => ({ id: n.id, type: n.data.type }));
  const edges: WorkflowEdge[] = graph.edges
    .filter((e) => !(e.target === edge.to.node && e.targetHandle === edge.to.port))
    .map(connectionToEdge);
  return validateConnection({ nodes, edges }, edge, lookupType);
}
