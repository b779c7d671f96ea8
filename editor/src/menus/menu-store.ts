/** The open context menu (one at a time): where it is, its title and its items. */
import { createStore } from '../state/store.ts';

export interface MenuItem {
  label: string;
  action?: () => void;
  /** Opens these items in place of the current ones (a submenu). */
  submenu?: () => MenuItem[];
  checked?: boolean;
  disabled?: boolean;
  /** A colour swatch shown before the label. */
  swatch?: string;
}

export interface MenuState {
  x: number;
  y: number;
  title: string;
  items: MenuItem[];
  /** The element focused before the menu opened; focus returns there when it closes. */
  returnFocus: Element | null;
}

export const menuStore = createStore<MenuState | null>(null);

export function openContextMenu(x: number, y: number, title: string, items: MenuItem[]): void {
  const keep = menuStore.get()?.returnFocus;
  menuStore.set({ x, y, title, items, returnFocus: keep ?? document.activeElement });
}

export function closeContextMenu(): void {
  const s = menuStore.get();
  if (!s) return;
  menuStore.set(null);
  if (s.returnFocus instanceof HTMLElement && s.returnFocus.isConnected) s.returnFocus.focus();
}
