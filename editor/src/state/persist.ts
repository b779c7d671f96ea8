/** The current graph survives reloads (localStorage), and leaving with unsaved changes asks first. */
import { parseWorkflow } from '../graph/parse.ts';
import { graphStore, isDirty } from './document-store.ts';
import { loadWorkflow } from './edit.ts';
import { currentWorkflow } from './run-actions.ts';

const KEY = 'unclip-studio/current';

interface Stored {
  workflow: unknown;
  dirty: boolean;
}

/** Load the graph left by the last session; returns whether there was one. */
export function restoreGraph(): boolean {
  const text = localStorage.getItem(KEY);
  if (!text) return false;
  try {
    const stored = JSON.parse(text) as Stored;
    loadWorkflow(parseWorkflow(stored.workflow), { fresh: true, saved: !stored.dirty });
    return true;
  } catch (err) {
    console.warn('could not restore the last graph', err);
    return false;
  }
}

/** `<html data-stored>`: "pending" while an edit waits for the debounced write, then "current" (tests wait on it). */
function markStored(state: 'pending' | 'current'): void {
  document.documentElement.dataset.stored = state;
}

/** Keep localStorage up to date (debounced) and warn before leaving with unsaved changes. */
export function startPersisting(): void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let lastRevision = graphStore.get().revision;
  let lastSaved = graphStore.get().savedRevision;
  const write = () => {
    const stored: Stored = { workflow: currentWorkflow(), dirty: isDirty(graphStore.get()) };
    localStorage.setItem(KEY, JSON.stringify(stored));
    markStored('current');
  };
  markStored('current');
  graphStore.subscribe(() => {
    const s = graphStore.get();
    if (s.revision === lastRevision && s.savedRevision === lastSaved) return;
    lastRevision = s.revision;
    lastSaved = s.savedRevision;
    clearTimeout(timer);
    markStored('pending');
    timer = setTimeout(write, 250);
  });
  window.addEventListener('pagehide', () => {
    clearTimeout(timer);
    write();
  });
  window.addEventListener('beforeunload', (e) => {
    if (!isDirty(graphStore.get())) return;
    e.preventDefault();
    e.returnValue = '';
  });
}
