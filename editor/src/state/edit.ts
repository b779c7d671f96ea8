/** Every graph edit goes through here, so each one is recorded for undo and marks the graph as changed. */
import {
  addEdge,
  applyEdgeChanges,
  applyNodeChanges,
  type Connection,
  type EdgeChange,
  type NodeChange,
  type XYPosition,
} from '@xyflow/react';
import type { NodeDisplay } from '../../../core/node-spec.ts';
import { nextInChain } from '../../../core/workflow/chain-params.ts';
import type { Workflow } from '../../../core/workflow/schema.ts';
import { prepareView } from '../canvas/view.ts';
import { connectionProblem } from '../graph/connect.ts';
import { toFlowEdge, workflowToGraph } from '../graph/convert.ts';
import { withInputFile } from '../graph/file-labels.ts';
import { freeSpot, pushApart } from '../graph/free-space.ts';
import { tidyPositions } from '../graph/layout.ts';
import type { NodeUiState, StudioEdge, StudioNode } from '../graph/types.ts';
import { defaultParams, lookupType } from './catalog.ts';
import { type GraphState, graphStore } from './document-store.ts';
import { applyEdit, commit } from './graph-edit.ts';
import { clearHistory, record } from './history.ts';
import { resetRunView } from './run-status.ts';

/** A fresh node id derived from the type name, unique in the graph. */
export function freshId(type: string, taken: Set<string>): string {
  const base = type.replace(/[^A-Za-z0-9_]/g, '_');
  let n = 1;
  while (taken.has(`${base}_${n}`)) n++;
  return `${base}_${n}`;
}

let dragging = false;

/** A drag of nodes begins: remember the graph once for the whole drag. */
export function startDrag(): void {
  record();
  dragging = true;
}
export function endDrag(): void {
  dragging = false;
}

export function onNodesChange(changes: NodeChange<StudioNode>[]): void {
  const edits = changes.filter((c) => c.type === 'remove' || c.type === 'add' || c.type === 'replace');
  const moves = changes.some((c) => c.type === 'position' && !c.dragging);
  if (edits.length) record();
  else if (moves && !dragging) record('keyboard-move');
  // Nodes that were measured anew (loaded, grew with a preview or result) push what they now cover aside.
  const grown = new Set(changes.flatMap((c) => (c.type === 'dimensions' ? [c.id] : [])));
  const apply = (s: GraphState) => {
    const nodes = applyNodeChanges(changes, s.nodes);
    return { nodes: grown.size ? pushApart(nodes, grown) : nodes };
  };
  if (edits.length || moves) commit(apply);
  else graphStore.set((s) => ({ ...s, ...apply(s) }));
}

export function onEdgesChange(changes: EdgeChange<StudioEdge>[]): void {
  const edits = changes.some((c) => c.type !== 'select');
  if (edits) record();
  const apply = (s: GraphState) => ({ edges: applyEdgeChanges(changes, s.edges) });
  if (edits) commit(apply);
  else graphStore.set((s) => ({ ...s, ...apply(s) }));
}

/** Connect two ports; an input holds one edge, so an existing edge into it is replaced. Returns why not, or null. */
export function connect(connection: Connection): string | null {
  const s = graphStore.get();
  const problem = connectionProblem(s, connection);
  if (problem) return problem;
  record();
  const sourceType = s.nodes.find((n) => n.id === connection.source)?.data.type;
  const flowEdge = toFlowEdge(
    {
      from: { node: connection.source, port: connection.sourceHandle ?? '' },
      to: { node: connection.target, port: connection.targetHandle ?? '' },
    },
    lookupType,
    sourceType,
  );
  const node = (id: string) => s.nodes.find((n) => n.id === id);
  const [source, target] = [node(connection.source), node(connection.target)];
  const chained =
    source && target
      ? nextInChain(
          { id: source.id, ...source.data },
          { id: target.id, ...target.data },
          connection.targetHandle ?? '',
          lookupType,
        )
      : {};
  commit((g) => ({
    nodes: Object.keys(chained).length
      ? g.nodes.map((n) =>
          n.id === connection.target
            ? { ...n, data: { ...n.data, params: { ...n.data.params, ...chained } } }
            : n,
        )
      : g.nodes,
    edges: addEdge(
      flowEdge,
      g.edges.filter((e) => !(e.target === connection.target && e.targetHandle === connection.targetHandle)),
    ),
  }));
  return null;
}

/**
 * Add a node of a catalogue type at the free spot nearest a canvas position, with optional param values and
 * ui state (one undo step); returns its id.
 */
export function addNode(
  type: string,
  at: XYPosition,
  init: { params?: Record<string, unknown>; ui?: NodeUiState } = {},
): string {
  const info = lookupType(type);
  if (!info) throw new Error(`unknown node type "${type}"`);
  record();
  const { nodes } = graphStore.get();
  const id = freshId(type, new Set(nodes.map((n) => n.id)));
  const node: StudioNode = {
    id,
    type: 'studio',
    position: freeSpot(at, nodes),
    selected: true,
    data: { type, params: { ...defaultParams(info), ...init.params }, ui: { ...init.ui } },
  };
  commit((s) => ({ nodes: [...s.nodes.map((n) => (n.selected ? { ...n, selected: false } : n)), node] }));
  return id;
}

export function setParam(nodeId: string, name: string, value: unknown): void {
  applyEdit(
    (s) => ({
      nodes: s.nodes.map((n) =>
        n.id === nodeId ? { ...n, data: { ...n.data, params: { ...n.data.params, [name]: value } } } : n,
      ),
    }),
    `param:${nodeId}:${name}`,
  );
}

/** Point an image-file param at an uploaded file and remember its original name (one undo step). */
export function setInputFile(nodeId: string, param: string, stored: string, original: string): void {
  applyEdit((s) => ({
    nodes: s.nodes.map((n) =>
      n.id === nodeId ? { ...n, data: { ...n.data, ...withInputFile(n.data, param, stored, original) } } : n,
    ),
  }));
}

export function setNodeUi(nodeId: string, patch: Partial<NodeUiState>): void {
  applyEdit(
    (s) => ({
      nodes: s.nodes.map((n) =>
        n.id === nodeId ? { ...n, data: { ...n.data, ui: { ...n.data.ui, ...patch } } } : n,
      ),
    }),
    `ui:${nodeId}:${Object.keys(patch).join(',')}`,
  );
}

export function deleteSelected(): void {
  const s = graphStore.get();
  const gone = new Set(s.nodes.filter((n) => n.selected).map((n) => n.id));
  const edges = s.edges.filter((e) => !e.selected && !gone.has(e.source) && !gone.has(e.target));
  if (!gone.size && edges.length === s.edges.length) return;
  applyEdit((g) => ({ nodes: g.nodes.filter((n) => !gone.has(n.id)), edges }));
}

/** Replace the whole graph with a workflow. Undoable unless `fresh` (a new document: history starts over). */
export function loadWorkflow(
  wf: Workflow,
  options: { fresh?: boolean; saved?: boolean; outputs?: Record<string, NodeDisplay> } = {},
): void {
  const { graph, meta } = workflowToGraph(wf, lookupType);
  resetRunView(options.outputs);
  prepareView(graph.nodes.map((n) => n.position));
  if (options.fresh) clearHistory();
  else record();
  graphStore.set((s) => {
    const revision = s.revision + 1;
    const savedRevision = options.saved ? revision : s.savedRevision;
    return { ...graph, meta, revision, savedRevision, fitRequest: s.fitRequest + 1 };
  });
}

/** Arrange the whole graph in tidy columns (one undoable step). */
export function tidyGraph(): void {
  const s = graphStore.get();
  if (!s.nodes.length) return;
  const positions = tidyPositions(s);
  applyEdit((g) => ({ nodes: g.nodes.map((n) => ({ ...n, position: positions.get(n.id) ?? n.position })) }));
}
