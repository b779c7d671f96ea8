/**
 * Drag from a connected input: the wire comes off it and follows the pointer from its output, to be dropped
 * on another input (one undo step for the move) or on empty canvas (the wire is removed; the palette offers
 * nodes that take it).
 */
import { graphStore } from '../state/document-store.ts';
import { applyEdit } from '../state/graph-edit.ts';
import { squashLast } from '../state/history.ts';

export function detachFromInput(event: React.MouseEvent): void {
  if (event.button !== 0 || event.altKey || event.ctrlKey || event.shiftKey) return;
  const handle = (event.target as Element).closest?.('.react-flow__handle.target');
  const node = handle?.getAttribute('data-nodeid');
  const port = handle?.getAttribute('data-handleid');
  const edge = graphStore.get().edges.find((e) => e.target === node && e.targetHandle === port);
  if (!edge) return;
  const source = document.querySelector(
    `.react-flow__handle.source[data-nodeid="${CSS.escape(edge.source)}"][data-handleid="${CSS.escape(edge.sourceHandle ?? '')}"]`,
  );
  if (!source) return;
  // React Flow would start a new wire from the input: start one from the wire's output instead.
  event.stopPropagation();
  event.preventDefault();
  applyEdit((s) => ({ edges: s.edges.filter((e) => e.id !== edge.id) }));
  const detachedAt = graphStore.get().revision;
  const { clientX, clientY } = event;
  source.dispatchEvent(
    new MouseEvent('mousedown', { bubbles: true, cancelable: true, clientX, clientY, button: 0, buttons: 1 }),
  );
  const onUp = () => {
    document.removeEventListener('mouseup', onUp);
    // Reconnected elsewhere: the removal and the new wire are one step.
    if (graphStore.get().revision > detachedAt) squashLast();
  };
  document.addEventListener('mouseup', onUp);
}
