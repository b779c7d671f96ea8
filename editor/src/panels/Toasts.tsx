/** Transient messages, announced to screen readers. */

import { useStore } from '../state/store.ts';
import { dismissToast, toastStore } from '../state/toasts.ts';

const all = <T,>(s: T) => s;

export function Toasts() {
  const toasts = useStore(toastStore, all);
  return (
    <div className="toasts" role="status" aria-live="polite">
      {toasts.map((t) => (
        <div key={t.id} className={`toast toast-${t.tone}`} role={t.tone === 'error' ? 'alert' : undefined}>
          <span>{t.message}</span>
          <button type="button" aria-label="Dismiss" onClick={() => dismissToast(t.id)}>
            ×
          </button>
        </div>
      ))}
    </div>
  );
}
