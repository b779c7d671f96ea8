/** Reading a bundle folder: the manifest (zod-validated), file presence, sizes and sha256 hashes. */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { errorMessage } from '../../core/error-message.ts';
import { type BundleManifest, manifestSchema } from '../../models/contract.ts';

export class BundleError extends Error {}

export async function readManifest(dir: string): Promise<BundleManifest> {
  const path = join(dir, 'manifest.json');
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(path, 'utf8'));
  } catch (err) {
    throw new BundleError(`${path}: cannot read the manifest (${errorMessage(err)})`);
  }
  const parsed = manifestSchema.safeParse(raw);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new BundleError(`${path}: invalid manifest: ${lines.join('; ')}`);
  }
  return parsed.data;
}

function sha256File(path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    createReadStream(path)
      .on('data', (chunk) => hash.update(chunk))
      .on('error', reject)
      .on('end', () => resolve(hash.digest('hex')));
  });
}

/** Every file the manifest lists must exist with its size and sha256. Throws naming the first bad file. */
export async function verifyFiles(dir: string, manifest: BundleManifest): Promise<void> {
  for (const [file, want] of Object.entries(manifest.files)) {
    const path = join(dir, file);
    const info = await stat(path).catch(() => null);
    if (!info?.isFile())
      throw new BundleError(`bundle "${manifest.name}": file "${file}" is missing (${path})`);
    if (info.size !== want.bytes)
      throw new BundleError(
        `bundle "${manifest.name}": file "${file}" has ${info.size} bytes, the manifest says ${want.bytes}`,
      );
    const got = await sha256File(path);
    if (got !== want.sha256)
      throw new BundleError(
        `bundle "${manifest.name}": file "${file}" has sha256 ${got}, the manifest says ${want.sha256}`,
      );
  }
}
