/** The editor's in-memory graph: React Flow nodes and edges whose data is plain, serialisable JSON. */
import type { Edge, Node, XYPosition } from '@xyflow/react';
import type { NodeMode } from '../../../core/workflow/node-modes.ts';
import type { WorkflowNode } from '../../../core/workflow/schema.ts';

type WorkflowNodeUi = NonNullable<WorkflowNode['ui']>;

/** Editor-only node state kept under the workflow node's `ui`, minus the position React Flow owns. */
export type NodeUiState = Pick<WorkflowNodeUi, 'width' | 'height' | 'collapsed' | 'title' | 'seedControl'> & {
  /** Uploaded input files: stored (hashed) name -> the name the file was uploaded as. */
  fileLabels?: Record<string, string>;
  /** A colour name from COLORS (editor/src/state/colors.ts). */
  color?: string;
  /** Pinned nodes cannot be dragged. */
  pinned?: boolean;
} & Record<string, unknown>;

export interface StudioNodeData extends Record<string, unknown> {
  /** The node type name from the catalogue (e.g. "decoder"). */
  type: string;
  /** Param values by name. */
  params: Record<string, unknown>;
  ui: NodeUiState;
  /** Bypassed or muted (the workflow node's `mode`); absent when the node runs. */
  mode?: NodeMode;
}

export type StudioNode = Node<StudioNodeData, 'studio'>;
/** Reroute points a wire passes through (canvas coordinates), and the socket kind it carries. */
export interface WireData extends Record<string, unknown> {
  kind?: string;
  points?: XYPosition[];
}
export type StudioEdge = Edge<WireData>;

export interface Graph {
  nodes: StudioNode[];
  edges: StudioEdge[];
}

/** Workflow-level fields that are not nodes or edges. */
export interface GraphMeta {
  name: string;
  description?: string;
  ui?: Record<string, unknown>;
}

export type SeedControl = NonNullable<WorkflowNodeUi['seedControl']>;
