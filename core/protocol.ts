/**
 * The HTTP and WebSocket protocol between the server and its clients (editor, scripts).
 * Defined once; the server and the editor both import it.
 */

import type { EngineEvent } from './events.ts';
import type { NodeDisplay, NodeSpec } from './node-spec.ts';
import type { Workflow } from './workflow/schema.ts';

/** One problem found in a workflow or request, naming where it is. */
export interface Issue {
  message: string;
  node?: string;
  port?: string;
  param?: string;
  edge?: number;
  path?: string;
  /** Absent for errors (the workflow cannot run); 'warning' for a likely mistake that still runs. */
  severity?: 'warning';
}

export interface ApiError {
  error: string;
  issues?: Issue[];
}

export type RunStatus = 'queued' | 'running' | 'done' | 'error' | 'cancelled' | 'interrupted';

export interface RunSummary {
  id: string;
  name: string;
  status: RunStatus;
  /** Place in the queue (0 = next), for queued runs. */
  position?: number;
  clientId?: string;
  createdAt: string;
  startedAt?: string;
  finishedAt?: string;
  error?: { node?: string; message: string };
  /** Display outputs per node id (images, values). */
  outputs?: Record<string, NodeDisplay>;
  files?: string[];
}
export interface RunDetail extends RunSummary {
  workflow: Workflow;
}

export interface RunsPage {
  queue: RunSummary[];
  paused: boolean;
  history: RunSummary[];
  total: number;
  offset: number;
  limit: number;
}

export interface ModelInfo {
  name: string;
  title?: string;
  description?: string;
  dims: { embedding: number; text_width: number; context_length: number };
  imageSizes: { decoder: number; upsampler1: number; upsampler2: number };
  defaults: Record<string, { steps: number; guidance?: number }>;
}

export interface NodesResponse {
  nodes: NodeSpec[];
}
export interface ModelsResponse {
  models: ModelInfo[];
  default: string;
}
export interface CreateRunRequest {
  workflow: unknown;
  clientId?: string;
}
export interface CreateRunResponse {
  id: string;
  position: number;
}
/** DELETE /api/runs/:id: a queued run is cancelled at once (200), a running one is asked to stop (202). */
export interface CancelRunResponse {
  id: string;
  status: 'cancelled' | 'cancelling';
}
/** PATCH /api/runs/:id {position}: the queue position it now has (clamped to the queue). */
export interface MoveRunResponse {
  id: string;
  position: number;
}
export interface UploadResponse {
  name: string;
  width: number;
  height: number;
}
export interface WorkflowListResponse {
  workflows: { name: string; updatedAt: string; bytes: number }[];
}

/** Queue state pushed to every client when it changes. */
export interface QueueState {
  paused: boolean;
  running?: string;
  queued: string[];
}

/** GET /api/workers: the processes executing runs (the server itself with the embedded queue). */
export interface WorkerInfo {
  id: string;
  host: string;
  provider: string;
  threads: number;
  concurrency: number;
  /** The run it is executing now. */
  run?: string;
  lastHeartbeat: string;
}
export interface WorkersResponse {
  workers: WorkerInfo[];
}

/** JSON messages from server to client: engine events (previews excluded: they go as binary frames) and queue changes. */
export type ServerMessage =
  | Exclude<EngineEvent, { type: 'node.preview' }>
  | { type: 'queue.changed'; queue: QueueState }
  | { type: 'hello'; clientId: string; queue: QueueState };

/** JSON messages from client to server. */
export type ClientMessage =
  | { type: 'subscribe'; runId: string | '*' }
  | { type: 'unsubscribe'; runId: string | '*' };

/** Header of a binary preview frame. */
export interface PreviewHeader {
  type: 'node.preview';
  runId: string;
  node: string;
  step: number;
  steps: number;
  width: number;
  height: number;
}

/**
 * Binary preview frame: uint32 big-endian header length, the header as UTF-8 JSON, then PNG bytes.
 */
export function encodePreviewFrame(header: PreviewHeader, png: Uint8Array): Uint8Array {
  const head = new TextEncoder().encode(JSON.stringify(header));
  const out = new Uint8Array(4 + head.length + png.length);
  new DataView(out.buffer).setUint32(0, head.length, false);
  out.set(head, 4);
  out.set(png, 4 + head.length);
  return out;
}

export function decodePreviewFrame(frame: Uint8Array): { header: PreviewHeader; png: Uint8Array } {
  if (frame.length < 4) throw new Error('preview frame too short');
  const len = new DataView(frame.buffer, frame.byteOffset, frame.byteLength).getUint32(0, false);
  if (4 + len > frame.length) throw new Error('preview frame header overruns the frame');
  const header = JSON.parse(new TextDecoder().decode(frame.subarray(4, 4 + len))) as PreviewHeader;
  return { header, png: frame.subarray(4 + len) };
}
