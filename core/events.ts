/** The engine's event union: emitted by the engine, relayed by the server over WS, rendered by the editor. */
import type { NodeDisplay } from './node-spec.ts';

/** A small preview image, RGBA 8-bit, row-major. The server sends it as a binary WS frame (PNG). */
export interface PreviewImage {
  width: number;
  height: number;
  rgba: Uint8Array;
}

export type EngineEvent =
  | { type: 'run.start'; runId: string; nodes: string[] }
  | { type: 'node.start'; runId: string; node: string; nodeType: string }
  | { type: 'node.progress'; runId: string; node: string; step: number; steps: number }
  | { type: 'node.preview'; runId: string; node: string; step: number; steps: number; image: PreviewImage }
  | { type: 'node.cached'; runId: string; node: string }
  | { type: 'node.done'; runId: string; node: string; display?: NodeDisplay; ms: number }
  | { type: 'run.done'; runId: string; outputs: Record<string, NodeDisplay>; files: string[]; ms: number }
  | { type: 'run.error'; runId: string; node?: string; nodeType?: string; message: string }
  | { type: 'run.cancelled'; runId: string; node?: string };

export type EngineEventType = EngineEvent['type'];
