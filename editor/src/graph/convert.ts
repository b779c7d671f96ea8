/**
 * The one converter between the editor's graph (React Flow nodes/edges) and workflow v1 JSON.
 * Positions go under node.ui.position; React Flow's own fields (selection, measurements) never leave the editor.
 */
import type { Connection, XYPosition } from '@xyflow/react';
import type { NodeSpec } from '../../../core/node-spec.ts';
import { SOCKET_INFO } from '../../../core/sockets.ts';
import {
  WORKFLOW_FORMAT,
  WORKFLOW_VERSION,
  type Workflow,
  type WorkflowEdge,
} from '../../../core/workflow/schema.ts';
import { pointsOf, withWirePoints } from '../wires/wire-points.ts';
import type { Graph, GraphMeta, StudioEdge, StudioNode } from './types.ts';

export type CatalogLookup = (type: string) => NodeSpec | undefined;

export function edgeId(e: WorkflowEdge): string {
  return `${e.from.node}.${e.from.port}->${e.to.node}.${e.to.port}`;
}

/** The workflow edge for a React Flow connection (handle ids are port names). */
export function connectionToEdge(c: Connection | StudioEdge): WorkflowEdge {
  return {
    from: { node: c.source, port: c.sourceHandle ?? '' },
    to: { node: c.target, port: c.targetHandle ?? '' },
  };
}

/** A React Flow edge for a workflow edge, coloured by the socket kind of its source. */
export function toFlowEdge(
  e: WorkflowEdge,
  lookup?: CatalogLookup,
  sourceType?: string,
  points?: XYPosition[],
): StudioEdge {
  const kind = sourceType ? lookup?.(sourceType)?.outputs[e.from.port]?.kind : undefined;
  return {
    id: edgeId(e),
    type: 'wire',
    source: e.from.node,
    sourceHandle: e.from.port,
    target: e.to.node,
    targetHandle: e.to.port,
    data: { ...(kind ? { kind } : {}), ...(points ? { points } : {}) },
    ...(kind ? { className: `kind-${kind}`, style: { stroke: SOCKET_INFO[kind].color } } : {}),
  };
}

export function workflowToGraph(wf: Workflow, lookup?: CatalogLookup): { graph: Graph; meta: GraphMeta } {
  const nodes: StudioNode[] = wf.nodes.map((n, i) => {
    const { position, ...ui } = n.ui ?? {};
    return {
      id: n.id,
      type: 'studio',
      position: position
        ? { x: position.x, y: position.y }
        : { x: 40 + (i % 6) * 280, y: 40 + Math.floor(i / 6) * 240 },
      data: { type: n.type, params: { ...n.params }, ui, ...(n.mode ? { mode: n.mode } : {}) },
    };
  });
  const typeOf = new Map(wf.nodes.map((n) => [n.id, n.type]));
  const edges = wf.edges.map((e) => toFlowEdge(e, lookup, typeOf.get(e.from.node), pointsOf(wf.ui, e)));
  const meta: GraphMeta = { name: wf.name };
  if (wf.description !== undefined) meta.description = wf.description;
  if (wf.ui !== undefined) meta.ui = wf.ui;
  return { graph: { nodes, edges }, meta };
}

const round = (v: number) => Math.round(v);

export function graphToWorkflow(graph: Graph, meta: GraphMeta): Workflow {
  const wf: Workflow = {
    format: WORKFLOW_FORMAT,
    version: WORKFLOW_VERSION,
    name: meta.name,
    nodes: graph.nodes.map((n) => ({
      id: n.id,
      type: n.data.type,
      params: { ...n.data.params },
      ...(n.data.mode ? { mode: n.data.mode } : {}),
      ui: { ...n.data.ui, position: { x: round(n.position.x), y: round(n.position.y) } },
    })),
    edges: graph.edges.map(connectionToEdge),
  };
  if (meta.description !== undefined) wf.description = meta.description;
  const ui = withWirePoints(meta.ui, graph.edges);
  if (ui !== undefined) wf.ui = ui;
  return wf;
}
