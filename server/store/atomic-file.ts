/** Files written whole or not at all: to a hidden temp name in the target's folder, then renamed into place. */
import { randomBytes } from 'node:crypto';
import { rename, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';

export async function writeAtomic(target: string, data: Uint8Array | string): Promise<void> {
  const temp = path.join(path.dirname(target), `.${randomBytes(6).toString('hex')}.tmp`);
  await writeFile(temp, data);
  await rename(temp, target);
}

/** Whether `file` exists and is a regular file (a content-addressed name that exists already holds its bytes). */
export function isFile(file: string): Promise<boolean> {
  return stat(file).then(
    (s) => s.isFile(),
    () => false,
  );
}
