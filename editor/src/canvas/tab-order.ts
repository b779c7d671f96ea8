/**
 * Tab order on the canvas: every node (with its controls), then every edge. React Flow puts the edges
 * before the nodes in the DOM, so edges are taken out of the sequential order (tabIndex -1, Canvas's
 * defaultEdgeOptions); Tab from the nodes' last stop continues through the edges here, and Tab from the
 * last edge carries on after the canvas.
 */
import type { KeyboardEvent } from 'react';

const TABBABLE =
  'button:not([disabled]), input:not([disabled]):not([type="hidden"]), select:not([disabled]), textarea:not([disabled]), a[href], [tabindex]:not([tabindex="-1"])';

/** The last element Tab reaches inside the nodes layer. */
function lastNodeStop(root: HTMLElement): HTMLElement | undefined {
  const stops = [
    ...root.querySelectorAll<HTMLElement>(`.react-flow__nodes :is(${TABBABLE}), .react-flow__node`),
  ];
  return stops.filter((el) => el.tabIndex >= 0 && el.getClientRects().length > 0).at(-1);
}

export function tabNodesBeforeEdges(e: KeyboardEvent<HTMLElement>): void {
  if (e.key !== 'Tab' || e.altKey || e.ctrlKey || e.metaKey) return;
  const current = document.activeElement as HTMLElement | null;
  if (!current) return;
  const edges = [...e.currentTarget.querySelectorAll<HTMLElement>('.react-flow__edge')];
  const at = edges.indexOf(current);
  const last = lastNodeStop(e.currentTarget);
  let next: HTMLElement | undefined;
  if (at < 0) {
    if (current !== last || e.shiftKey) return; // the browser's own order through the nodes
    next = edges[0];
  } else next = e.shiftKey ? (edges[at - 1] ?? last) : edges[at + 1];
  if (next) {
    e.preventDefault();
    next.focus();
  } else {
    // Past the last edge: continue from the nodes' last stop, whose DOM successor is what follows the canvas.
    last?.focus();
  }
}
