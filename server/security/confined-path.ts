/**
 * Resolve a file name a request names inside one folder, or refuse. The name must match a strict pattern
 * (no separators, no leading dot, no "..", no temp/partial suffix); the resolved real path (symlinks followed)
 * must stay inside the folder's real path and be a regular, non-empty file (an empty file is one whose name
 * has been claimed but whose content has not been renamed into place yet).
 */
import { realpath, stat } from 'node:fs/promises';
import path from 'node:path';

/** Plain file names: a letter or digit first (so no ".", "..", hidden or temp files), then a short tail. */
export const SAFE_FILE_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,199}$/;

export function isSafeFileName(name: string, extensions: readonly string[]): boolean {
  if (!SAFE_FILE_NAME.test(name) || name.includes('..')) return false;
  const lower = name.toLowerCase();
  if (lower.endsWith('.tmp') || lower.endsWith('.part')) return false;
  return extensions.some((ext) => lower.endsWith(ext));
}

/** The real path of `name` inside `folder`, or null when it is unsafe, missing, outside, empty or not a file. */
export async function resolveConfined(
  folder: string,
  name: string,
  extensions: readonly string[],
): Promise<string | null> {
  return isSafeFileName(name, extensions) ? confinedFile(folder, name) : null;
}

/**
 * The one confinement check every route that reads the data folder goes through (outputs, inputs, the
 * workflow library, image.load): `name` (already checked against the caller's name pattern) must sit
 * directly in `folder`, and its real path (symlinks followed) must stay inside the folder's real path and be a
 * regular, non-empty file. Anything else, a symlink to /etc/passwd or to a directory included, is null (404).
 */
export async function confinedFile(folder: string, name: string): Promise<string | null> {
  const root = path.resolve(folder);
  const candidate = path.resolve(root, name);
  if (path.dirname(candidate) !== root) return null;
  try {
    const [realRoot, realFile] = await Promise.all([realpath(root), realpath(candidate)]);
    if (!realFile.startsWith(realRoot + path.sep)) return null;
    const info = await stat(realFile);
    return info.isFile() && info.size > 0 ? realFile : null;
  } catch {
    return null;
  }
}
