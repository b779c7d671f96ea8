/**
 * The resize handle of a selected node. The size is kept in the node's ui.width/ui.height (saved in the
 * workflow); the height is a minimum, so outputs arriving later still make the node grow. One undo step.
 */
import { NodeResizer, type ResizeParams } from '@xyflow/react';
import type { NodeUiState } from '../graph/types.ts';
import { colorOf } from '../state/colors.ts';
import { graphStore } from '../state/document-store.ts';
import { record } from '../state/history.ts';

function setSize(id: string, { width, height }: ResizeParams, done: boolean): void {
  graphStore.set((s) => ({
    ...s,
    nodes: s.nodes.map((n) => {
      if (n.id !== id) return n;
      const ui = { ...n.data.ui, width: Math.round(width), height: Math.round(height) };
      const next = { ...n, data: { ...n.data, ui } };
      if (done) {
        // React Flow sized the wrapper while resizing; from now on the card's own size rules.
        delete next.width;
        delete next.height;
      }
      return next;
    }),
    revision: s.revision + (done ? 1 : 0),
  }));
}

export function NodeResize({ id, visible }: { id: string; visible: boolean }) {
  return (
    <NodeResizer
      isVisible={visible}
      minWidth={200}
      minHeight={60}
      color="var(--accent)"
      handleClassName="node-resize-handle"
      onResizeStart={() => record()}
      onResize={(_, p) => setSize(id, p, false)}
      onResizeEnd={(_, p) => setSize(id, p, true)}
    />
  );
}

/** The card's size and colour from its ui: width, a minimum height (not when collapsed), --node-color. */
export function cardStyle(ui: NodeUiState): React.CSSProperties | undefined {
  const color = colorOf(ui.color);
  if (ui.width === undefined && ui.height === undefined && !color) return undefined;
  return {
    width: ui.width,
    minHeight: ui.collapsed ? undefined : ui.height,
    ...(color ? { '--node-color': color } : {}),
  } as React.CSSProperties;
}
