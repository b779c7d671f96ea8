/** The side panel (Queue, History or Help): a named, non-modal dialog that Escape closes, returning focus. */
import type { ReactNode } from 'react';
import type { SidePanel } from './Toolbar.tsx';
import { useDialog } from './useDialog.ts';

const TITLES: Record<NonNullable<SidePanel>, string> = { queue: 'Queue', history: 'History', help: 'Help' };

export function SidePanelDialog({
  panel,
  onClose,
  children,
}: {
  panel: NonNullable<SidePanel>;
  onClose(): void;
  children: ReactNode;
}) {
  const ref = useDialog<HTMLElement>(onClose);
  return (
    <aside ref={ref} className="side-panel" role="dialog" aria-label={TITLES[panel]} tabIndex={-1}>
      <button
        type="button"
        className="side-panel-close"
        aria-label={`Close ${TITLES[panel]}`}
        onClick={onClose}
      >
        ×
      </button>
      {children}
    </aside>
  );
}
