/** The context menu: role="menu" with menuitems; arrow keys, Home/End, Enter, Escape; a click outside closes it. */
import { useEffect, useRef } from 'react';
import { useStore } from '../state/store.ts';
import { closeContextMenu, type MenuItem, menuStore, openContextMenu } from './menu-store.ts';
import { moveInMenu } from './move-in-menu.ts';

const selectMenu = (s: ReturnType<typeof menuStore.get>) => s;

function activate(item: MenuItem, menu: NonNullable<ReturnType<typeof menuStore.get>>): void {
  if (item.disabled) return;
  if (item.submenu) {
    openContextMenu(menu.x, menu.y, item.label, item.submenu());
    return;
  }
  closeContextMenu();
  item.action?.();
}

export function ContextMenu() {
  const menu = useStore(menuStore, selectMenu);
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!menu) return;
    ref.current?.querySelector<HTMLElement>('[role^="menuitem"]:not([aria-disabled="true"])')?.focus();
    const onDown = (e: PointerEvent) => {
      if (!ref.current?.contains(e.target as Node)) closeContextMenu();
    };
    document.addEventListener('pointerdown', onDown, true);
    return () => document.removeEventListener('pointerdown', onDown, true);
  }, [menu]);
  if (!menu) return null;
  const onKeyDown = (e: React.KeyboardEvent<HTMLElement>) => {
    if (e.key === 'Escape' || e.key === 'Tab') {
      e.preventDefault();
      closeContextMenu();
    } else if (!moveInMenu(e)) return;
    e.stopPropagation();
  };
  const left = Math.min(menu.x, window.innerWidth - 230);
  const top = Math.min(menu.y, window.innerHeight - 40 - menu.items.length * 30);
  return (
    <div
      ref={ref}
      className="context-menu"
      role="menu"
      aria-label={menu.title}
      tabIndex={-1}
      style={{ left, top: Math.max(4, top) }}
      onKeyDown={onKeyDown}
      onContextMenu={(e) => e.preventDefault()}
    >
      {menu.items.map((item) => (
        <button
          key={item.label}
          type="button"
          {...(item.checked === undefined
            ? { role: 'menuitem' }
            : { role: 'menuitemcheckbox', 'aria-checked': item.checked })}
          aria-disabled={item.disabled || undefined}
          aria-haspopup={item.submenu ? 'menu' : undefined}
          className="context-menu-item"
          tabIndex={-1}
          onClick={() => activate(item, menu)}
        >
          {item.swatch && <span className="swatch" style={{ background: item.swatch }} aria-hidden="true" />}
          <span className="label">{item.label}</span>
          {item.checked && <span aria-hidden="true">✓</span>}
          {item.submenu && <span aria-hidden="true">▸</span>}
        </button>
      ))}
    </div>
  );
}
