/** Group frames, drawn in canvas coordinates beneath the nodes: title bar (drag, menu, collapse) and a resize corner. */
import { ViewportPortal } from '@xyflow/react';
import { useCallback } from 'react';
import { openContextMenu } from '../menus/menu-store.ts';
import { TitleInput } from '../menus/TitleInput.tsx';
import { colorOf } from '../state/colors.ts';
import { type GraphState, graphStore } from '../state/document-store.ts';
import { renameStore } from '../state/rename.ts';
import { useStore } from '../state/store.ts';
import { groupMenu } from './group-menu.ts';
import { dragGroup, GROUP_TITLE_HEIGHT, type Group, groupsOf, resizeGroup, updateGroup } from './groups.ts';

const selectMeta = (s: GraphState) => s.meta;

function GroupFrame({ group, renaming }: { group: Group; renaming: boolean }) {
  const color = colorOf(group.color) ?? colorOf('blue')!;
  const height = group.collapsed ? GROUP_TITLE_HEIGHT : group.height;
  return (
    <section
      className={`group-frame ${group.collapsed ? 'collapsed' : ''}`}
      data-group-id={group.id}
      aria-label={`Group ${group.title}`}
      style={{
        left: group.x,
        top: group.y,
        width: group.width,
        height,
        borderColor: color,
        background: `${color}1c`,
      }}
    >
      {/* biome-ignore lint/a11y/noStaticElementInteractions: pointer drag of the frame; its menu has keyboard items */}
      <header
        className="group-title nodrag nopan"
        style={{ background: `${color}59` }}
        onPointerDown={(e) => dragGroup(e, group.id)}
        onContextMenu={(e) => {
          e.preventDefault();
          e.stopPropagation();
          openContextMenu(e.clientX, e.clientY, `Group ${group.title}`, groupMenu(group.id));
        }}
        onDoubleClick={(e) => e.stopPropagation()}
      >
        <button
          type="button"
          className="icon-button"
          aria-label={group.collapsed ? `Expand group ${group.title}` : `Collapse group ${group.title}`}
          aria-expanded={!group.collapsed}
          onPointerDown={(e) => e.stopPropagation()}
          onClick={() => updateGroup(group.id, { collapsed: !group.collapsed })}
        >
          {group.collapsed ? '▸' : '▾'}
        </button>
        {renaming ? (
          <TitleInput
            value={group.title}
            label="Group title"
            onCommit={(title) => title && updateGroup(group.id, { title })}
          />
        ) : (
          <span className="group-name">{group.title}</span>
        )}
      </header>
      {!group.collapsed && (
        <div
          className="group-resize nodrag nopan"
          title="Drag to resize the group"
          style={{ borderColor: color }}
          onPointerDown={(e) => resizeGroup(e, group.id)}
        />
      )}
    </section>
  );
}

export function GroupLayer() {
  const meta = useStore(graphStore, selectMeta);
  const renaming = useStore(
    renameStore,
    useCallback((r) => (r?.kind === 'group' ? r.id : null), []),
  );
  const groups = groupsOf(meta);
  if (!groups.length) return null;
  return (
    <ViewportPortal>
      <div className="group-layer">
        {groups.map((g) => (
          <GroupFrame key={g.id} group={g} renaming={renaming === g.id} />
        ))}
      </div>
    </ViewportPortal>
  );
}
