/** A node's title bar text: its own title (editable in place) with its type beneath when renamed, and its mode/pin badges. */
import { useCallback } from 'react';
import type { NodeMode } from '../../../core/workflow/node-modes.ts';
import { TitleInput } from '../menus/TitleInput.tsx';
import { renameNode } from '../state/node-actions.ts';
import { type RenameTarget, renameStore } from '../state/rename.ts';
import { useStore } from '../state/store.ts';

const MODE_LABEL: Record<NodeMode, string> = { bypass: 'bypassed', mute: 'muted' };
const MODE_HELP: Record<NodeMode, string> = {
  bypass: 'Bypassed: does not run; its same-kind input is passed to its output',
  mute: 'Muted: does not run, nor the nodes that need it',
};

export function NodeTitle(props: {
  id: string;
  title?: string;
  typeTitle: string;
  mode?: NodeMode;
  pinned?: boolean;
}) {
  const { id, title, typeTitle, mode, pinned } = props;
  const renaming = useStore(
    renameStore,
    useCallback((r: RenameTarget) => r?.kind === 'node' && r.id === id, [id]),
  );
  return (
    <>
      <span className="node-title">
        {renaming ? (
          <TitleInput value={title ?? typeTitle} label="Node title" onCommit={(t) => renameNode(id, t)} />
        ) : (
          <span className="node-title-text">{title ?? typeTitle}</span>
        )}
        {title && title !== typeTitle && <span className="node-type-title">{typeTitle}</span>}
      </span>
      {mode && (
        <span className={`node-mode-badge mode-${mode}`} title={MODE_HELP[mode]}>
          {MODE_LABEL[mode]}
        </span>
      )}
      {pinned && (
        <span className="node-pin-badge" title="Pinned: cannot be dragged" role="img" aria-label="pinned">
          📌
        </span>
      )}
    </>
  );
}
