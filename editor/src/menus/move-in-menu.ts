/** Keyboard movement shared by the menus (Examples, context menus). */
import type { KeyboardEvent } from 'react';

/** Arrow keys, Home and End move focus between a menu's items (wrapping around); returns whether it moved. */
export function moveInMenu(e: KeyboardEvent<HTMLElement>): boolean {
  const items = [...e.currentTarget.querySelectorAll<HTMLElement>('[role^="menuitem"]')];
  const at = items.indexOf(document.activeElement as HTMLElement);
  const to =
    e.key === 'ArrowDown'
      ? (at + 1) % items.length
      : e.key === 'ArrowUp'
        ? (at - 1 + items.length) % items.length
        : e.key === 'Home'
          ? 0
          : e.key === 'End'
            ? items.length - 1
            : undefined;
  if (to === undefined || !items.length) return false;
  e.preventDefault();
  items[to]!.focus();
  return true;
}
