/**
 * The Examples menu: workflows shipped in examples/*.json (their input images are uploaded on opening).
 * Arrow keys, Home and End move through it, Escape closes it; replacing unsaved changes asks first.
 */
import { useState } from 'react';
import { errorMessage } from '../../../core/error-message.ts';
import { moveInMenu } from '../menus/move-in-menu.ts';
import { graphStore, isDirty } from '../state/document-store.ts';
import { openExample } from '../state/documents.ts';
import { EXAMPLES, type Example, prepareExample } from '../state/examples.ts';
import { toast } from '../state/toasts.ts';
import { useDialog } from './useDialog.ts';

/** Whether the canvas may be replaced: it is empty or saved, or the user says so. */
function mayReplace(what: string): boolean {
  const s = graphStore.get();
  if (!s.nodes.length || !isDirty(s)) return true;
  return confirm(`Open ${what}? “${s.meta.name}” has unsaved changes (Undo brings them back).`);
}

async function open(ex: Example): Promise<void> {
  if (!mayReplace(`the example “${ex.title}”`)) return;
  try {
    openExample(await prepareExample(ex));
  } catch (err) {
    toast(`${ex.file}: ${errorMessage(err)}`, 'error', 7000);
  }
}

function MenuList({ close }: { close(): void }) {
  const menu = useDialog<HTMLDivElement>(close, '[role="menuitem"]');
  return (
    <div
      ref={menu}
      className="menu-list"
      role="menu"
      aria-label="Examples"
      onMouseLeave={close}
      onKeyDown={(e) => (e.key === 'Tab' ? close() : moveInMenu(e))}
    >
      {EXAMPLES.length === 0 && <p className="muted">No examples found.</p>}
      {EXAMPLES.map((ex) => (
        <button
          key={ex.file}
          type="button"
          role="menuitem"
          tabIndex={-1}
          title={ex.description}
          onClick={() => {
            close();
            void open(ex);
          }}
        >
          {ex.title}
        </button>
      ))}
    </div>
  );
}

export function ExamplesMenu() {
  const [expanded, setExpanded] = useState(false);
  return (
    <div className="menu">
      <button
        type="button"
        aria-haspopup="menu"
        aria-expanded={expanded}
        onClick={() => setExpanded((o) => !o)}
        onKeyDown={(e) => {
          if (e.key !== 'ArrowDown') return;
          e.preventDefault();
          setExpanded(true);
        }}
      >
        Examples ▾
      </button>
      {expanded && <MenuList close={() => setExpanded(false)} />}
    </div>
  );
}
