/** The items of a group's context menu. */

import type { MenuItem } from '../menus/menu-store.ts';
import { colorItems } from '../menus/menus.ts';
import { graphStore } from '../state/document-store.ts';
import { startRename } from '../state/rename.ts';
import { groupsOf, removeGroup, selectGroupNodes, updateGroup } from './groups.ts';

export function groupMenu(id: string): MenuItem[] {
  const group = groupsOf(graphStore.get().meta).find((g) => g.id === id);
  if (!group) return [];
  return [
    { label: 'Rename', action: () => startRename({ kind: 'group', id }) },
    {
      label: 'Colour',
      submenu: () => colorItems(group.color, (color) => updateGroup(id, { color: color ?? 'gray' })),
    },
    {
      label: group.collapsed ? 'Expand' : 'Collapse',
      action: () => updateGroup(id, { collapsed: !group.collapsed }),
    },
    { label: 'Select its nodes', action: () => selectGroupNodes(id) },
    { label: 'Remove group (keep nodes)', action: () => removeGroup(id) },
    { label: 'Delete group and its nodes', action: () => removeGroup(id, true) },
  ];
}
