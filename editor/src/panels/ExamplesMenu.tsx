/** The Examples menu: workflows shipped in examples/*.json (their input images are uploaded on opening). */
import { useState } from 'react';
import { errorMessage } from '../../../core/error-message.ts';
import { openExample } from '../state/documents.ts';
import { EXAMPLES, prepareExample } from '../state/examples.ts';
import { toast } from '../state/toasts.ts';

export function ExamplesMenu() {
  const [open, setOpen] = useState(false);
  return (
    <div className="menu">
      <button type="button" aria-haspopup="menu" aria-expanded={open} onClick={() => setOpen((o) => !o)}>
        Examples ▾
      </button>
      {open && (
        <div className="menu-list" role="menu" aria-label="Examples" onMouseLeave={() => setOpen(false)}>
          {EXAMPLES.length === 0 && <p className="muted">No examples found.</p>}
          {EXAMPLES.map((ex) => (
            <button
              key={ex.file}
              type="button"
              role="menuitem"
              title={ex.description}
              onClick={async () => {
                setOpen(false);
                try {
                  openExample(await prepareExample(ex));
                } catch (err) {
                  toast(`${ex.file}: ${errorMessage(err)}`, 'error', 7000);
                }
              }}
            >
              {ex.title}
            </button>
          ))}
        </div>
      )}
    </div>
  );
}
