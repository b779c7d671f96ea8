/** Short messages shown at the bottom of the screen (refused connections, saves, errors). */
import { createStore } from './store.ts';

export interface Toast {
  id: number;
  message: string;
  tone: 'info' | 'error' | 'success';
}

export const toastStore = createStore<Toast[]>([]);
let nextId = 1;

export function toast(message: string, tone: Toast['tone'] = 'info', ms = 4000): void {
  const id = nextId++;
  toastStore.set((list) => [...list.filter((t) => t.message !== message), { id, message, tone }].slice(-4));
  setTimeout(() => dismissToast(id), ms);
}

export function dismissToast(id: number): void {
  toastStore.set((list) => list.filter((t) => t.id !== id));
}
