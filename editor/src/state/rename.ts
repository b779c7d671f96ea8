/** Which title is being edited in place (a node's or a group's), if any. */
import { createStore } from './store.ts';

export type RenameTarget = { kind: 'node' | 'group'; id: string } | null;

export const renameStore = createStore<RenameTarget>(null);

export const startRename = (target: NonNullable<RenameTarget>) => renameStore.set(target);
export const endRename = () => renameStore.set(null);
