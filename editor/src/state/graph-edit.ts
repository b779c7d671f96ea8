/**
 * Edits made outside React Flow's own change events (groups, reroutes, node modes, menus): one undo step
 * each. A drag records once at its start, updates live, and counts as one change at its end.
 */
import type { XYPosition } from '@xyflow/react';
import { type GraphState, graphStore } from './document-store.ts';
import { record } from './history.ts';

type Update = (s: GraphState) => Partial<GraphState>;

/** An edit that changes the document, for a caller that has recorded the undo step already. */
export function commit(update: Update): void {
  graphStore.set((s) => ({ ...s, ...update(s), revision: s.revision + 1 }));
}

/** One undoable edit; edits with the same `key` in quick succession coalesce (see record). */
export function applyEdit(update: Update, key?: string): void {
  record(key);
  commit(update);
}

/** The canvas converts screen points to canvas points (set by the canvas, see Vocabulary.tsx). */
let screenToCanvas: (p: XYPosition) => XYPosition = (p) => p;
export function setScreenToCanvas(fn: (p: XYPosition) => XYPosition): void {
  screenToCanvas = fn;
}

/**
 * Follow a pointer drag started by `event`: `move` gets the canvas point and the offset from the start
 * (canvas units); the graph is recorded once before the first move and marked changed at the end.
 */
export function dragOnCanvas(
  event: { clientX: number; clientY: number; pointerId: number; button: number; stopPropagation(): void },
  move: (at: XYPosition, delta: XYPosition, s: GraphState) => Partial<GraphState>,
): void {
  if (event.button !== 0) return;
  event.stopPropagation();
  const start = screenToCanvas({ x: event.clientX, y: event.clientY });
  let moved = false;
  const onMove = (e: PointerEvent) => {
    if (e.pointerId !== event.pointerId) return;
    if (!moved) record();
    moved = true;
    const at = screenToCanvas({ x: e.clientX, y: e.clientY });
    const delta = { x: at.x - start.x, y: at.y - start.y };
    graphStore.set((s) => ({ ...s, ...move(at, delta, s) }));
  };
  const onUp = (e: PointerEvent) => {
    if (e.pointerId !== event.pointerId) return;
    window.removeEventListener('pointermove', onMove);
    window.removeEventListener('pointerup', onUp);
    window.removeEventListener('pointercancel', onUp);
    if (moved) graphStore.set((s) => ({ ...s, revision: s.revision + 1 }));
  };
  window.addEventListener('pointermove', onMove);
  window.addEventListener('pointerup', onUp);
  window.addEventListener('pointercancel', onUp);
}

/** A screen point (e.g. a mouse event's client coordinates) in canvas coordinates. */
export const toCanvasPoint = (p: XYPosition): XYPosition => screenToCanvas(p);
