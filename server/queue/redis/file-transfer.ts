/**
 * Image bytes between machines without a shared filesystem. Output PNGs: the worker stores each file it wrote
 * in Redis (`unclip:output:<name>`, expiring after FILE_TTL_S) and names it, with its sha256, in the signed
 * event that shows it; API servers verify the digest and write the file into their own outputs folder
 * (temp name + rename) before relaying that event, so `/api/outputs/:file` serves it as before. Input images:
 * the API copies the uploads a run loads into Redis when it queues the run; the worker fetches them.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Redis } from 'ioredis';
import type { Workflow } from '../../../core/workflow/schema.ts';
import { isFile, writeAtomic } from '../../store/atomic-file.ts';
import { ensureDir } from '../../store/ensure-dir.ts';
import { inputFilesOf } from '../../store/input-files.ts';
import { KEYS } from './connection.ts';
import { sha256 } from './signing.ts';

export const FILE_TTL_S = 7 * 24 * 3600;
/** A file name as the engine writes it: a plain name, or `.temp/<name>` for previews. */
const FILE_NAME = /^(\.temp\/)?[A-Za-z0-9][A-Za-z0-9_.-]{0,200}$/;

function checkedPath(folder: string, name: string): string {
  if (!FILE_NAME.test(name) || name.includes('..'))
    throw new Error(`refused file name "${name.slice(0, 80)}"`);
  return path.join(folder, name);
}

/** Worker side: put these output files into Redis; returns name -> sha256 for the event that names them. */
export async function storeOutputs(
  redis: Redis,
  outputsDir: string,
  names: string[],
): Promise<Record<string, string>> {
  const digests: Record<string, string> = {};
  for (const name of names) {
    const bytes = await readFile(checkedPath(outputsDir, name));
    await redis.set(KEYS.output(name), bytes, 'EX', FILE_TTL_S);
    digests[name] = sha256(bytes);
  }
  return digests;
}

/** API side: write the named files from Redis into the outputs folder, after checking each digest. */
export async function persistOutputs(
  redis: Redis,
  outputsDir: string,
  digests: Record<string, string>,
): Promise<void> {
  for (const [name, digest] of Object.entries(digests)) {
    const target = checkedPath(outputsDir, name);
    const bytes = await redis.getBuffer(KEYS.output(name));
    if (!bytes) throw new Error(`output "${name}" expired from Redis before this server could keep it`);
    if (sha256(bytes) !== digest) throw new Error(`output "${name}" does not match the worker's digest`);
    await ensureDir(path.dirname(target));
    await writeAtomic(target, bytes);
  }
}

/**
 * API side, when a run is queued: copy its input images into Redis for the workers. Names are content hashes,
 * so one already there only gets its expiry renewed.
 */
export async function storeInputs(redis: Redis, inputsDir: string, workflow: Workflow): Promise<void> {
  for (const name of inputFilesOf(workflow)) {
    const file = checkedPath(inputsDir, name);
    if ((await redis.expire(KEYS.input(name), FILE_TTL_S)) === 1) continue;
    await redis.set(KEYS.input(name), await readFile(file), 'EX', FILE_TTL_S);
  }
}

/** Worker side, before a run: fetch the input images it does not have yet (names are content hashes). */
export async function fetchInputs(redis: Redis, inputsDir: string, workflow: Workflow): Promise<void> {
  await ensureDir(inputsDir);
  for (const name of inputFilesOf(workflow)) {
    const target = checkedPath(inputsDir, name);
    if (await isFile(target)) continue;
    const bytes = await redis.getBuffer(KEYS.input(name));
    if (!bytes) continue; // the run then fails in image.load with the usual "input image ... " error
    await writeAtomic(target, bytes);
  }
}
