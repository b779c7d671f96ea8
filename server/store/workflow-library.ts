/**
 * Saved workflows: one JSON file per name under <dataDir>/workflows. Names are checked against a strict
 * pattern before they touch the file system; writes go to a temp file and are renamed into place.
 */
import { readdir, readFile, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { confinedFile } from '../security/confined-path.ts';
import { writeAtomic } from './atomic-file.ts';
import { ensureDir } from './ensure-dir.ts';

/** Letters, digits, space, "_", "-" and "."; a letter or digit first; no ".." anywhere. */
const WORKFLOW_NAME = /^[A-Za-z0-9][A-Za-z0-9 _.-]{0,79}$/;

export function isWorkflowName(name: string): boolean {
  return WORKFLOW_NAME.test(name) && !name.includes('..') && !name.endsWith('.') && !name.endsWith(' ');
}

export interface SavedWorkflowInfo {
  name: string;
  updatedAt: string;
  bytes: number;
}

export class WorkflowLibrary {
  constructor(readonly dir: string) {}

  async list(): Promise<SavedWorkflowInfo[]> {
    const entries = await readdir(this.dir, { withFileTypes: true }).catch(() => []);
    const infos: SavedWorkflowInfo[] = [];
    for (const entry of entries) {
      if (!entry.isFile() || !entry.name.endsWith('.json')) continue;
      const name = entry.name.slice(0, -'.json'.length);
      if (!isWorkflowName(name)) continue;
      const info = await stat(path.join(this.dir, entry.name)).catch(() => null);
      if (info) infos.push({ name, updatedAt: info.mtime.toISOString(), bytes: info.size });
    }
    return infos.sort((a, b) => a.name.localeCompare(b.name));
  }

  /**
   * The stored JSON text, or null when there is no such workflow: read only through confinedFile, so a
   * symlink out of the folder (or to a directory) is not found, like any other file route.
   */
  async read(name: string): Promise<string | null> {
    const file = await confinedFile(this.dir, path.basename(this.fileOf(name)));
    if (!file) return null;
    return readFile(file, 'utf8').catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') return null;
      throw err;
    });
  }

  /** Store a workflow; returns true when it replaced an existing one. */
  async write(name: string, workflow: unknown): Promise<boolean> {
    const file = this.fileOf(name);
    await ensureDir(this.dir);
    const existed = await stat(file).then(
      () => true,
      () => false,
    );
    await writeAtomic(file, `${JSON.stringify(workflow, null, 2)}\n`);
    return existed;
  }

  /** Remove a workflow; false when there was none. */
  async remove(name: string): Promise<boolean> {
    const file = this.fileOf(name);
    const existed = await stat(file).then(
      () => true,
      () => false,
    );
    if (existed) await rm(file);
    return existed;
  }

  private fileOf(name: string): string {
    if (!isWorkflowName(name)) throw new Error(`invalid workflow name "${name}"`);
    const file = path.resolve(this.dir, `${name}.json`);
    if (path.dirname(file) !== path.resolve(this.dir)) throw new Error(`invalid workflow name "${name}"`);
    return file;
  }
}
