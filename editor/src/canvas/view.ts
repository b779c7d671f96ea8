/**
 * Fitting a document in view BEFORE its nodes first render: from positions and an estimated node size, so a
 * large graph renders once at its fitted zoom (compact nodes) instead of fully detailed and then again.
 */
import type { XYPosition } from '@xyflow/react';

type Viewer = (positions: XYPosition[]) => void;
let viewer: Viewer | undefined;

/** The canvas registers how to set its viewport; returns the unregister function. */
export function registerViewer(fn: Viewer): () => void {
  viewer = fn;
  return () => {
    if (viewer === fn) viewer = undefined;
  };
}

export function prepareView(positions: XYPosition[]): void {
  if (positions.length) viewer?.(positions);
}

/** A typical node's size, for estimating bounds before nodes are measured. */
export const ESTIMATED_NODE = { width: 250, height: 260 };

/** A node's measured size, or the estimate while React Flow has not measured it yet. */
export function nodeSize(n: { measured?: { width?: number; height?: number } }): {
  width: number;
  height: number;
} {
  return {
    width: n.measured?.width ?? ESTIMATED_NODE.width,
    height: n.measured?.height ?? ESTIMATED_NODE.height,
  };
}
