/** Keyboard shortcuts and clipboard events for the editor (ignored while typing in a field). */
import { useReactFlow } from '@xyflow/react';
import { useEffect } from 'react';
import { pasteText, selectionAsWorkflow } from '../state/clipboard.ts';
import { graphStore } from '../state/document-store.ts';
import { saveToLibrary } from '../state/documents.ts';
import { deleteSelected, tidyGraph } from '../state/edit.ts';
import { redo, undo } from '../state/history.ts';
import { openPalette, paletteStore } from '../state/palette.ts';
import { runWorkflow } from '../state/run-actions.ts';
import { lastPointer } from './pointer.ts';

export const SHORTCUTS: [string, string][] = [
  ['Space or Ctrl+K', 'Add a node (search)'],
  ['Double-click canvas', 'Add a node here'],
  ['Drag a wire to empty canvas', 'Add a node that takes it'],
  ['Ctrl+Enter', 'Run'],
  ['Ctrl+Z', 'Undo'],
  ['Ctrl+Shift+Z or Ctrl+Y', 'Redo'],
  ['Ctrl+C / Ctrl+X / Ctrl+V', 'Copy / cut / paste nodes (as workflow JSON)'],
  ['Ctrl+A', 'Select all'],
  ['Delete or Backspace', 'Delete selection'],
  ['Shift+drag', 'Box select; Ctrl+click adds to the selection'],
  ['F', 'Fit the graph in view'],
  ['T', 'Tidy: arrange the nodes in columns'],
  ['Ctrl+S', 'Save to the library'],
  ['← / →', 'Previous / next frame (in a frame viewer)'],
  ['?', 'Show or hide this help'],
];

/** Whether a key event goes to a text field (shortcuts then stay out of the way). */
export function typing(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  return !!el && (['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName) || el.isContentEditable);
}

export function useShortcuts(toggleHelp: () => void): void {
  const flow = useReactFlow();
  useEffect(() => {
    const center = () => {
      const p = lastPointer();
      if (p) return p;
      return flow.screenToFlowPosition({ x: window.innerWidth / 2, y: window.innerHeight / 2 });
    };
    const onKey = (e: KeyboardEvent) => {
      if (typing(e.target) || paletteStore.get().open) return;
      if (
        (e.key === ' ' || e.key === 'Enter') &&
        (e.target as HTMLElement).closest?.('button, a, [role="option"]')
      )
        return;
      const mod = e.ctrlKey || e.metaKey;
      const key = e.key.toLowerCase();
      if ((!mod && e.key === ' ') || (mod && key === 'k')) openPalette(center());
      else if (mod && key === 'enter') void runWorkflow();
      else if (mod && key === 'z' && !e.shiftKey) undo();
      else if (mod && (key === 'y' || (key === 'z' && e.shiftKey))) redo();
      else if (mod && key === 's') void saveToLibrary();
      else if (mod && key === 'a')
        graphStore.set((s) => ({ ...s, nodes: s.nodes.map((n) => ({ ...n, selected: true })) }));
      else if (!mod && (e.key === 'Delete' || e.key === 'Backspace')) deleteSelected();
      else if (!mod && key === 'f') void flow.fitView({ padding: 0.15, duration: 200 });
      else if (!mod && key === 't') {
        tidyGraph();
        void flow.fitView({ padding: 0.15, maxZoom: 1.1, duration: 200 });
      } else if (!mod && e.key === '?') toggleHelp();
      else return;
      e.preventDefault();
    };
    const onCopy = (e: ClipboardEvent) => {
      if (typing(e.target)) return;
      const wf = selectionAsWorkflow();
      if (!wf || !e.clipboardData) return;
      e.clipboardData.setData('text/plain', JSON.stringify(wf));
      e.preventDefault();
      if (e.type === 'cut') deleteSelected();
    };
    const onPaste = (e: ClipboardEvent) => {
      if (typing(e.target)) return;
      const text = e.clipboardData?.getData('text/plain');
      if (!text) return;
      e.preventDefault();
      void pasteText(text, lastPointer());
    };
    document.addEventListener('keydown', onKey);
    document.addEventListener('copy', onCopy);
    document.addEventListener('cut', onCopy);
    document.addEventListener('paste', onPaste);
    return () => {
      document.removeEventListener('keydown', onKey);
      document.removeEventListener('copy', onCopy);
      document.removeEventListener('cut', onCopy);
      document.removeEventListener('paste', onPaste);
    };
  }, [flow, toggleHelp]);
}
