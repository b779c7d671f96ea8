/** Adding, moving and removing reroute points on a wire (each an undoable edit). */
import type { XYPosition } from '@xyflow/react';
import type { StudioEdge } from '../graph/types.ts';
import type { GraphState } from '../state/document-store.ts';
import { applyEdit, dragOnCanvas } from '../state/graph-edit.ts';
import { insertPoint } from './wire-points.ts';

function withPoints(s: GraphState, edgeId: string, change: (e: StudioEdge) => XYPosition[]) {
  return {
    edges: s.edges.map((e) => {
      if (e.id !== edgeId) return e;
      const points = change(e);
      return { ...e, data: { ...e.data, points: points.length ? points : undefined } };
    }),
  };
}

/** Put a reroute on a wire at a canvas point, where it lengthens the wire least. */
export function addReroute(
  edgeId: string,
  at: XYPosition,
  ends: { start: XYPosition; end: XYPosition },
): void {
  applyEdit((s) => withPoints(s, edgeId, (e) => insertPoint(e.data?.points ?? [], at, ends.start, ends.end)));
}

export function removeReroute(edgeId: string, index: number): void {
  applyEdit((s) => withPoints(s, edgeId, (e) => (e.data?.points ?? []).filter((_, i) => i !== index)));
}

export function clearReroutes(edgeId: string): void {
  applyEdit((s) => withPoints(s, edgeId, () => []));
}

export function dragReroute(event: React.PointerEvent, edgeId: string, index: number): void {
  const origin = event.currentTarget as SVGCircleElement;
  const from = { x: origin.cx.baseVal.value, y: origin.cy.baseVal.value };
  dragOnCanvas(event, (_at, d, s) =>
    withPoints(s, edgeId, (e) =>
      (e.data?.points ?? []).map((p, i) => (i === index ? { x: from.x + d.x, y: from.y + d.y } : p)),
    ),
  );
}
