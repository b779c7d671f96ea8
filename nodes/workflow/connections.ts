/**
 * Whether one edge may join a graph, and why not: the single rule used by the editor's canvas (while
 * dragging) and by validateWorkflow (for every edge of a submitted workflow).
 */
import { getNodeType } from '../catalog.ts';
import { type SocketKind, socketMismatch } from '../sockets.ts';
import type { WorkflowEdge } from './schema.ts';

export interface ConnectionGraph {
  nodes: readonly { id: string; type: string }[];
  edges: readonly WorkflowEdge[];
}

export type ConnectionProblemCode =
  | 'unknown_node'
  | 'unknown_type'
  | 'unknown_port'
  | 'kind_mismatch'
  | 'input_taken'
  | 'cycle';

export interface ConnectionProblem {
  code: ConnectionProblemCode;
  message: string;
  /** Which end of the edge the problem is at. */
  end: 'from' | 'to';
  /** For 'cycle': the nodes on the cycle, starting and ending at the edge's source. */
  cycle?: string[];
}

/** The reason `edge` cannot be added to `graph`, or null when it can. */
export function validateConnection(graph: ConnectionGraph, edge: WorkflowEdge): string | null {
  return connectionProblem(graph, edge)?.message ?? null;
}

export function connectionProblem(graph: ConnectionGraph, edge: WorkflowEdge): ConnectionProblem | null {
  const ends = ['from', 'to'] as const;
  const kinds: SocketKind[] = [];
  for (const end of ends) {
    const { node: id, port } = edge[end];
    const node = graph.nodes.find((n) => n.id === id);
    if (!node) return { code: 'unknown_node', end, message: `there is no node "${id}"` };
    const def = getNodeType(node.type);
    if (!def) return { code: 'unknown_type', end, message: `node "${id}" has unknown type "${node.type}"` };
    const ports = end === 'from' ? def.outputs : def.inputs;
    const spec = Object.hasOwn(ports, port) ? ports[port] : undefined;
    if (!spec) {
      const side = end === 'from' ? 'output' : 'input';
      const names = Object.keys(ports);
      const known = names.length ? `; its ${side}s are ${names.join(', ')}` : `; it has no ${side}s`;
      return { code: 'unknown_port', end, message: `${def.type} has no ${side} "${port}"${known}` };
    }
    kinds.push(spec.kind);
  }
  const mismatch = socketMismatch(kinds[0]!, kinds[1]!);
  if (mismatch) return { code: 'kind_mismatch', end: 'to', message: mismatch };
  const taken = graph.edges.find((e) => e.to.node === edge.to.node && e.to.port === edge.to.port);
  if (taken)
    return {
      code: 'input_taken',
      end: 'to',
      message: `input "${edge.to.port}" of "${edge.to.node}" is already connected (from "${taken.from.node}")`,
    };
  const path = findPath(graph.edges, edge.to.node, edge.from.node);
  if (path) {
    const cycle = [edge.from.node, ...path];
    return { code: 'cycle', end: 'to', cycle, message: `would create a cycle through ${cycle.join(' -> ')}` };
  }
  return null;
}

/** A path of node ids from `start` to `goal` along edges (start and goal included), or null. */
export function findPath(edges: readonly WorkflowEdge[], start: string, goal: string): string[] | null {
  const cameFrom = new Map<string, string | null>([[start, null]]);
  const queue = [start];
  for (let i = 0; i < queue.length; i++) {
    const id = queue[i]!;
    if (id === goal) {
      const path: string[] = [];
      for (let at: string | null | undefined = id; at != null; at = cameFrom.get(at)) path.unshift(at);
      return path;
    }
    for (const e of edges)
      if (e.from.node === id && !cameFrom.has(e.to.node)) {
        cameFrom.set(e.to.node, id);
        queue.push(e.to.node);
      }
  }
  return null;
}
