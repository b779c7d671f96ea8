/** The items of the canvas, node and wire context menus. */
import type { XYPosition } from '@xyflow/react';
import { ESTIMATED_NODE, nodeSize } from '../canvas/view.ts';
import { groupSelection } from '../groups/groups.ts';
import { pasteText } from '../state/clipboard.ts';
import { COLORS } from '../state/colors.ts';
import { graphStore } from '../state/document-store.ts';
import { tidyGraph } from '../state/edit.ts';
import { applyEdit } from '../state/graph-edit.ts';
import {
  deleteNodes,
  duplicateNodes,
  patchUi,
  selectedIds,
  targetsOf,
  toggleCollapsed,
  toggleMode,
  togglePin,
} from '../state/node-actions.ts';
import { openPalette } from '../state/palette.ts';
import { startRename } from '../state/rename.ts';
import { addReroute, clearReroutes } from '../wires/reroutes.ts';
import type { MenuItem } from './menu-store.ts';

/** Colour choices; `apply(undefined)` removes the colour. */
export function colorItems(
  current: string | undefined,
  apply: (color: string | undefined) => void,
): MenuItem[] {
  return [
    ...Object.entries(COLORS).map(([name, hex]) => ({
      label: name[0]!.toUpperCase() + name.slice(1),
      swatch: hex,
      checked: current === name,
      action: () => apply(name),
    })),
    { label: 'No colour', action: () => apply(undefined) },
  ];
}

export function canvasMenu(at: XYPosition, fit: () => void): MenuItem[] {
  const selected = selectedIds().length;
  return [
    { label: 'Add node here', action: () => openPalette(at) },
    { label: 'Paste', action: () => void pasteText(navigator.clipboard.readText(), at) },
    { label: 'Group selected nodes', disabled: !selected, action: () => groupSelection() },
    { label: 'Tidy', action: tidyGraph },
    { label: 'Fit view', action: fit },
  ];
}

export function nodeMenu(nodeId: string): MenuItem[] {
  const node = graphStore.get().nodes.find((n) => n.id === nodeId);
  if (!node) return [];
  const ids = targetsOf(nodeId);
  const { ui, mode } = node.data;
  return [
    { label: 'Rename', action: () => startRename({ kind: 'node', id: nodeId }) },
    { label: 'Colour', submenu: () => colorItems(ui.color, (color) => patchUi(ids, { color })) },
    { label: 'Bypass', checked: mode === 'bypass', action: () => toggleMode(ids, 'bypass') },
    { label: 'Mute', checked: mode === 'mute', action: () => toggleMode(ids, 'mute') },
    { label: 'Duplicate', action: () => duplicateNodes(ids) },
    { label: ui.collapsed ? 'Expand' : 'Collapse', action: () => toggleCollapsed(ids) },
    { label: ui.pinned ? 'Unpin' : 'Pin', action: () => togglePin(ids) },
    { label: ids.length > 1 ? 'Group these nodes' : 'Group this node', action: () => groupSelection(ids) },
    { label: 'Delete', action: () => deleteNodes(ids) },
  ];
}

export function wireMenu(edgeId: string, at: XYPosition): MenuItem[] {
  const s = graphStore.get();
  const edge = s.edges.find((e) => e.id === edgeId);
  if (!edge) return [];
  const centre = (id: string, side: 'source' | 'target') => {
    const n = s.nodes.find((x) => x.id === id);
    const w = (n ? nodeSize(n) : ESTIMATED_NODE).width;
    return { x: (n?.position.x ?? 0) + (side === 'source' ? w : 0), y: (n?.position.y ?? 0) + 40 };
  };
  const items: MenuItem[] = [
    {
      label: 'Add reroute',
      action: () =>
        addReroute(edgeId, at, { start: centre(edge.source, 'source'), end: centre(edge.target, 'target') }),
    },
    {
      label: 'Delete wire',
      action: () => applyEdit((g) => ({ edges: g.edges.filter((e) => e.id !== edgeId) })),
    },
  ];
  if (edge.data?.points?.length)
    items.push({ label: 'Remove reroutes', action: () => clearReroutes(edgeId) });
  return items;
}
