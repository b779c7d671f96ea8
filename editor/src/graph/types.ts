/** The editor's in-memory graph: React Flow nodes and edges whose data is plain, serialisable JSON. */
import type { Edge, Node } from '@xyflow/react';
import type { WorkflowNode } from '../../../core/workflow/schema.ts';

type WorkflowNodeUi = NonNullable<WorkflowNode['ui']>;

/** Editor-only node state kept under the workflow node's `ui`, minus the position React Flow owns. */
export type NodeUiState = Pick<WorkflowNodeUi, 'width' | 'height' | 'collapsed' | 'title' | 'seedControl'> &
  Record<string, unknown>;

export interface StudioNodeData extends Record<string, unknown> {
  /** The node type name from the catalogue (e.g. "decoder"). */
  type: string;
  /** Param values by name. */
  params: Record<string, unknown>;
  ui: NodeUiState;
}

export type StudioNode = Node<StudioNodeData, 'studio'>;
export type StudioEdge = Edge;

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
