/** Right-click handlers for the canvas, nodes and wires (React Flow props), opening the menus of menus.ts. */
import type { Edge, Node } from '@xyflow/react';
import { lookupType } from '../state/catalog.ts';
import { graphStore } from '../state/document-store.ts';
import { toCanvasPoint } from '../state/graph-edit.ts';
import { openContextMenu } from './menu-store.ts';
import { canvasMenu, nodeMenu, wireMenu } from './menus.ts';

let fitView = () => {};
/** The canvas says how to fit the graph in view. */
export function setFitView(fn: () => void): void {
  fitView = fn;
}

type Pointer = { clientX: number; clientY: number; preventDefault(): void };

export const contextMenuHandlers = {
  onPaneContextMenu(e: Pointer) {
    e.preventDefault();
    const at = toCanvasPoint({ x: e.clientX, y: e.clientY });
    openContextMenu(
      e.clientX,
      e.clientY,
      'Canvas',
      canvasMenu(at, () => fitView()),
    );
  },
  onNodeContextMenu(e: Pointer, node: Node) {
    e.preventDefault();
    const type = graphStore.get().nodes.find((n) => n.id === node.id)?.data.type ?? '';
    openContextMenu(e.clientX, e.clientY, `Node ${lookupType(type)?.title ?? node.id}`, nodeMenu(node.id));
  },
  onEdgeContextMenu(e: Pointer, edge: Edge) {
    e.preventDefault();
    const at = toCanvasPoint({ x: e.clientX, y: e.clientY });
    openContextMenu(e.clientX, e.clientY, 'Wire', wireMenu(edge.id, at));
  },
};
