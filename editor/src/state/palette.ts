/** The add-node palette: where it adds, and (after dragging a wire onto empty canvas) what it connects to. */
import type { XYPosition } from '@xyflow/react';
import type { NodeSpec } from '../../../core/node-spec.ts';
import type { SocketKind } from '../../../core/sockets.ts';
import { connect } from './edit.ts';
import { createStore } from './store.ts';
import { toast } from './toasts.ts';

/** The port a wire was dragged from. */
export interface PendingWire {
  nodeId: string;
  port: string;
  /** 'source': dragged from an output, so the new node must take it as an input. */
  side: 'source' | 'target';
  kind: SocketKind;
}

export interface PaletteState {
  open: boolean;
  /** Canvas position for the new node. */
  at: XYPosition;
  wire?: PendingWire;
}

export const paletteStore = createStore<PaletteState>({ open: false, at: { x: 0, y: 0 } });

export function openPalette(at: XYPosition, wire?: PendingWire): void {
  paletteStore.set({ open: true, at, ...(wire ? { wire } : {}) });
}

export function closePalette(): void {
  paletteStore.set((s) => ({ ...s, open: false, wire: undefined }));
}

/** The port of a node type that can take the pending wire, if any. */
export function portFor(info: NodeSpec, wire: PendingWire): string | undefined {
  const ports = wire.side === 'source' ? info.inputs : info.outputs;
  return Object.entries(ports).find(([, p]) => p.kind === wire.kind)?.[0];
}

/** Connect a freshly added node to the pending wire. */
export function connectWire(newNodeId: string, info: NodeSpec, wire: PendingWire): void {
  const port = portFor(info, wire);
  if (!port) return;
  const problem =
    wire.side === 'source'
      ? connect({ source: wire.nodeId, sourceHandle: wire.port, target: newNodeId, targetHandle: port })
      : connect({ source: newNodeId, sourceHandle: port, target: wire.nodeId, targetHandle: wire.port });
  if (problem) toast(problem, 'error');
}

/** Node types matching a search, best first: every word must appear in the title, type, category or description. */
export function searchTypes(list: NodeSpec[], query: string, wire?: PendingWire): NodeSpec[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  const q = query.trim().toLowerCase();
  const score = (t: NodeSpec) => {
    const title = t.title.toLowerCase();
    if (!q) return 0;
    if (title === q || t.type === q) return 0;
    if (title.startsWith(q) || t.type.startsWith(q)) return 1;
    if (title.includes(q)) return 2;
    return 3;
  };
  return list
    .filter((t) => !wire || portFor(t, wire))
    .filter((t) => {
      const hay = `${t.title} ${t.type} ${t.category} ${t.description}`.toLowerCase();
      return words.every((w) => hay.includes(w));
    })
    .sort((a, b) => score(a) - score(b));
}
