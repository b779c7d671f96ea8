/** The server's workflow library: open or delete a saved workflow. */
import { useState } from 'react';
import { errorMessage } from '../../../core/error-message.ts';
import { api } from '../api/client.ts';
import { useFetched } from '../api/useFetched.ts';
import { openFromLibrary } from '../state/documents.ts';
import { toast } from '../state/toasts.ts';
import { useDialog } from './useDialog.ts';

export function OpenDialog({ onClose }: { onClose(): void }) {
  const [nonce, setNonce] = useState(0);
  const { data, error } = useFetched(() => api.workflows(), [nonce]);
  const list = data?.workflows;
  const dialog = useDialog<HTMLDivElement>(onClose);
  const remove = async (name: string) => {
    if (!confirm(`Delete “${name}” from the library?`)) return;
    try {
      await api.deleteWorkflow(name);
      setNonce((n) => n + 1);
    } catch (err) {
      toast(errorMessage(err), 'error');
    }
  };
  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: a click outside closes; Escape does the same from the keyboard
    <div className="dialog-backdrop" onMouseDown={onClose}>
      <div
        ref={dialog}
        className="dialog"
        role="dialog"
        aria-modal="true"
        aria-label="Open workflow"
        onMouseDown={(e) => e.stopPropagation()}
      >
        <div className="panel-row">
          <h2>Open workflow</h2>
          <button type="button" aria-label="Close" onClick={onClose}>
            ×
          </button>
        </div>
        {error && <p className="node-message error">{error}</p>}
        {list?.length === 0 && (
          <p className="muted">The library is empty: Save puts the current workflow here.</p>
        )}
        <ul className="library-list">
          {list?.map((w) => (
            <li key={w.name}>
              <button
                type="button"
                className="library-open"
                aria-label={`Open ${w.name}`}
                onClick={() => {
                  onClose();
                  void openFromLibrary(w.name);
                }}
              >
                <span className="run-name">{w.name}</span>
                <span className="muted">{new Date(w.updatedAt).toLocaleString()}</span>
              </button>
              <button type="button" aria-label={`Delete ${w.name}`} onClick={() => remove(w.name)}>
                Delete
              </button>
            </li>
          ))}
        </ul>
      </div>
    </div>
  );
}
