/**
 * The editing vocabulary mounted inside the canvas: group frames, context menus, the tab title, and the
 * shortcuts Ctrl+G (group), Ctrl+B (bypass), Ctrl+M (mute) and F2 (rename).
 */
import { useReactFlow } from '@xyflow/react';
import { useEffect } from 'react';
import { GroupLayer } from '../groups/GroupLayer.tsx';
import { groupSelection } from '../groups/groups.ts';
import { ContextMenu } from '../menus/ContextMenu.tsx';
import { setFitView } from '../menus/context-menus.ts';
import { setScreenToCanvas } from '../state/graph-edit.ts';
import { selectedIds, toggleMode } from '../state/node-actions.ts';
import { startRename } from '../state/rename.ts';
import { followTabTitle } from '../state/tab-title.ts';
import { typing } from './useShortcuts.ts';

export const VOCABULARY_SHORTCUTS: [string, string][] = [
  ['Ctrl+G', 'Group the selected nodes'],
  ['Ctrl+B / Ctrl+M', 'Bypass / mute the selected nodes'],
  ['F2', 'Rename the selected node'],
  ['Right-click', 'Menu of the canvas, a node, a wire or a group'],
  ['Alt+drag a node', 'Clone it'],
  ['Drag from a connected input', 'Take its wire elsewhere'],
];

export function Vocabulary() {
  const flow = useReactFlow();
  useEffect(() => {
    setScreenToCanvas((p) => flow.screenToFlowPosition(p));
    setFitView(() => void flow.fitView({ padding: 0.15, maxZoom: 1.1, duration: 200 }));
  }, [flow]);
  useEffect(() => followTabTitle(), []);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (typing(e.target)) return;
      const mod = e.ctrlKey || e.metaKey;
      const key = e.key.toLowerCase();
      const ids = selectedIds();
      if (mod && !e.shiftKey && key === 'g') groupSelection();
      else if (mod && key === 'b' && ids.length) toggleMode(ids, 'bypass');
      else if (mod && key === 'm' && ids.length) toggleMode(ids, 'mute');
      else if (!mod && e.key === 'F2' && ids.length === 1) startRename({ kind: 'node', id: ids[0]! });
      else return;
      e.preventDefault();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);
  return (
    <>
      <GroupLayer />
      <ContextMenu />
    </>
  );
}
