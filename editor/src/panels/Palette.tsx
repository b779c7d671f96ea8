/** The add-node search: type to filter, arrows to choose, Enter to add; grouped by category when not searching. */
import { useEffect, useMemo, useRef, useState } from 'react';
import type { NodeSpec } from '../../../core/node-spec.ts';
import { SOCKET_INFO } from '../../../core/sockets.ts';
import { CATEGORY_ORDER, type CatalogState, catalogStore } from '../state/catalog.ts';
import { addNode } from '../state/edit.ts';
import { closePalette, connectWire, type PaletteState, paletteStore, searchTypes } from '../state/palette.ts';
import { useStore } from '../state/store.ts';

const selectList = (s: CatalogState) => s.list;
const selectPalette = (s: PaletteState) => s;

function grouped(types: NodeSpec[], searching: boolean): [string, NodeSpec[]][] {
  if (searching) return [['results', types]];
  return CATEGORY_ORDER.map((c) => [c, types.filter((t) => t.category === c)] as [string, NodeSpec[]]).filter(
    ([, ts]) => ts.length > 0,
  );
}

export function Palette() {
  const palette = useStore(paletteStore, selectPalette);
  const list = useStore(catalogStore, selectList);
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const input = useRef<HTMLInputElement>(null);
  const results = useMemo(() => searchTypes(list, query, palette.wire), [list, query, palette.wire]);
  const groups = grouped(results, query.trim() !== '');
  const ordered = groups.flatMap(([, ts]) => ts);

  useEffect(() => {
    if (palette.open) {
      setQuery('');
      setActive(0);
      input.current?.focus();
    }
  }, [palette.open]);
  if (!palette.open) return null;

  const choose = (info: NodeSpec | undefined) => {
    if (!info) return;
    const { at, wire } = paletteStore.get();
    closePalette();
    const id = addNode(info.type, at);
    if (wire) connectWire(id, info, wire);
  };

  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: a click outside closes; Escape does the same from the keyboard
    <div className="palette-backdrop" onMouseDown={closePalette}>
      <div className="palette" role="dialog" aria-label="Add node" onMouseDown={(e) => e.stopPropagation()}>
        <input
          ref={input}
          className="palette-search"
          aria-label="Search nodes"
          placeholder={
            palette.wire
              ? `Nodes that ${palette.wire.side === 'source' ? 'take' : 'make'} ${palette.wire.kind}…`
              : 'Search nodes…'
          }
          value={query}
          onChange={(e) => {
            setQuery(e.target.value);
            setActive(0);
          }}
          onKeyDown={(e) => {
            if (e.key === 'ArrowDown') setActive((a) => Math.min(a + 1, ordered.length - 1));
            else if (e.key === 'ArrowUp') setActive((a) => Math.max(a - 1, 0));
            else if (e.key === 'Enter') choose(ordered[active]);
            else if (e.key === 'Escape') closePalette();
            else return;
            e.preventDefault();
          }}
        />
        {palette.wire && (
          <p className="palette-hint">
            {palette.wire.side === 'source' ? 'Takes the dragged' : 'Feeds the dragged'}{' '}
            <span style={{ color: SOCKET_INFO[palette.wire.kind].color }}>{palette.wire.kind}</span>{' '}
            {palette.wire.side === 'source' ? 'output' : 'input'}
          </p>
        )}
        <div className="palette-results" role="listbox" aria-label="Node types">
          {ordered.length === 0 && <p className="palette-empty">No node types match.</p>}
          {groups.map(([group, types]) => (
            <div key={group} className="palette-group">
              {group !== 'results' && <h3 className="palette-category">{group}</h3>}
              {types.map((t) => {
                const i = ordered.indexOf(t);
                return (
                  <div
                    key={t.type}
                    role="option"
                    tabIndex={-1}
                    aria-selected={i === active}
                    className={`palette-item cat-${t.category}${i === active ? ' active' : ''}`}
                    onMouseEnter={() => setActive(i)}
                    onClick={() => choose(t)}
                    onKeyDown={(e) => e.key === 'Enter' && choose(t)}
                  >
                    <span className="palette-item-title">{t.title}</span>
                    <span className="palette-item-desc">{t.description}</span>
                  </div>
                );
              })}
            </div>
          ))}
        </div>
      </div>
    </div>
  );
}
