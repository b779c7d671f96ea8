/**
 * Create a folder and its missing parents one level at a time. Node's mkdir({ recursive: true }) loops
 * forever on some paths (`/proc/x`: ENOENT from a parent that exists), spinning a CPU and ignoring
 * SIGTERM; this walks up with stat, creates each missing level once, and throws a clear error instead.
 */
import { mkdir, stat } from 'node:fs/promises';
import path from 'node:path';

export class FolderError extends Error {
  override name = 'FolderError';
}

export async function ensureDir(dir: string): Promise<void> {
  const target = path.resolve(dir);
  const missing: string[] = [];
  for (let at = target; ; at = path.dirname(at)) {
    const info = await stat(at).catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') return null;
      throw new FolderError(`cannot create the folder ${target}: ${at} is not readable (${err.code})`);
    });
    if (info) {
      if (!info.isDirectory())
        throw new FolderError(`cannot create the folder ${target}: ${at} is not a folder`);
      break;
    }
    missing.unshift(at);
    if (path.dirname(at) === at) break;
  }
  for (const level of missing)
    await mkdir(level).catch((err: NodeJS.ErrnoException) => {
      if (err.code !== 'EEXIST')
        throw new FolderError(`cannot create the folder ${target} (${err.code ?? 'error'} at ${level})`);
    });
}
