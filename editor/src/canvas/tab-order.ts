/**
 * Tab order on the canvas: every node, then every edge. React Flow puts the edges before the nodes in the
 * DOM, so edges are taken out of the sequential order (tabIndex -1, Canvas's defaultEdgeOptions) and Tab from the
 * last node continues through the edges here; Tab from the last edge carries on after the canvas.
 */
import type { KeyboardEvent } from 'react';

export function tabNodesBeforeEdges(e: KeyboardEvent<HTMLElement>): void {
  if (e.key !== 'Tab' || e.altKey || e.ctrlKey || e.metaKey) return;
  const current = e.target as HTMLElement;
  const onNode = current.classList.contains('react-flow__node');
  const onEdge = current.classList.contains('react-flow__edge');
  if (!onNode && !onEdge) return;
  const nodes = [...e.currentTarget.querySelectorAll<HTMLElement>('.react-flow__node[tabindex]')];
  const edges = [...e.currentTarget.querySelectorAll<HTMLElement>('.react-flow__edge[tabindex]')];
  const order = [...nodes, ...edges];
  const at = order.indexOf(current);
  const next = order[at + (e.shiftKey ? -1 : 1)];
  if (onNode && (!next || next.classList.contains('react-flow__node'))) return; // the browser's own order
  if (next) {
    e.preventDefault();
    next.focus();
  } else if (!e.shiftKey) {
    // Past the last edge: continue from the last node, whose DOM successor is what follows the canvas.
    nodes.at(-1)?.focus();
  }
}
