/**
 * What every dialog, panel and menu does: focus moves into it when it opens, Escape closes it (the most
 * recently opened first), and focus goes back to where it was when it closes.
 */
import { useEffect, useRef } from 'react';

/** Open dialogs' close functions, the most recent last: Escape closes only that one. */
const open: { close(): void }[] = [];

document.addEventListener('keydown', (e) => {
  if (e.key !== 'Escape' || e.defaultPrevented || !open.length) return;
  e.preventDefault();
  open.at(-1)!.close();
});

/** Attach the returned ref to the dialog's element. `focus` picks what gets focus first (default: the first control). */
export function useDialog<T extends HTMLElement>(
  onClose: () => void,
  focus = 'button, input, select, textarea, [tabindex]',
) {
  const ref = useRef<T>(null);
  const closeRef = useRef(onClose);
  closeRef.current = onClose;
  // biome-ignore lint/correctness/useExhaustiveDependencies: once per opening; `focus` is a constant selector
  useEffect(() => {
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    const entry = { close: () => closeRef.current() };
    open.push(entry);
    const element = ref.current;
    (element?.querySelector<HTMLElement>(focus) ?? element)?.focus();
    return () => {
      open.splice(open.indexOf(entry), 1);
      // Back to the opener, unless focus has already moved somewhere else on purpose.
      const active = document.activeElement;
      const lost = !active || active === document.body || element?.contains(active);
      if (opener?.isConnected && lost) opener.focus();
    };
  }, []);
  return ref;
}
