/**
 * Disk retention: the data folder stays bounded. After every finished run (and on start, and by
 * `unclip-studio prune`): finished runs beyond the newest `keepRuns` are deleted with their files; then the
 * oldest output PNGs go until outputs fit `maxOutputBytes`; uploaded inputs (except those a queued or running
 * run names) until they fit `maxInputBytes`; previews (outputs/.temp) of runs that are no longer running or
 * the latest to finish are removed, and the rest must fit `maxPreviewBytes`.
 */
import { readdir, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import type { Db } from './database.ts';
import { inputFilesOf } from './input-files.ts';

export interface RetentionPolicy {
  /** Finished runs kept in the history (with their output files). */
  keepRuns: number;
  maxOutputBytes: number;
  maxInputBytes: number;
  maxPreviewBytes: number;
}

const MiB = 1024 * 1024;
export const DEFAULT_RETENTION: RetentionPolicy = {
  keepRuns: 500,
  maxOutputBytes: 2048 * MiB,
  maxInputBytes: 1024 * MiB,
  maxPreviewBytes: 256 * MiB,
};

export interface PruneReport {
  runs: number;
  files: number;
  bytes: number;
}

export interface DataFolders {
  inputs: string;
  outputs: string;
  /** Previews: outputs/.temp */
  previews: string;
}

export async function pruneData(
  db: Db,
  dirs: DataFolders,
  policy: RetentionPolicy = DEFAULT_RETENTION,
): Promise<PruneReport> {
  const report: PruneReport = { runs: 0, files: 0, bytes: 0 };
  const remove = async (file: string) => {
    const size = await stat(file).then(
      (s) => (s.isFile() ? s.size : -1),
      () => -1,
    );
    if (
      size < 0 ||
      !(await unlink(file).then(
        () => true,
        () => false,
      ))
    )
      return;
    report.files++;
    report.bytes += size;
  };

  const old = db
    .prepare(
      `SELECT id, files FROM runs WHERE status IN ('done','error','cancelled','interrupted')
       ORDER BY finished_at DESC, seq DESC LIMIT -1 OFFSET ?`,
    )
    .all(Math.max(0, policy.keepRuns)) as { id: string; files: string | null }[];
  for (const run of old) {
    for (const file of parseList(run.files))
      if (isPlainName(file)) await remove(path.join(dirs.outputs, file));
    db.prepare('DELETE FROM runs WHERE id = ?').run(run.id);
    report.runs++;
  }

  await capFolder(dirs.outputs, policy.maxOutputBytes, () => false, remove);
  const active = activeRuns(db);
  const inUse = new Set(active.flatMap((r) => r.inputs));
  await capFolder(dirs.inputs, policy.maxInputBytes, (name) => inUse.has(name), remove);
  // Previews are named <prefix>_<first 8 id characters>_<index>.png: remove those of finished runs except
  // the one that finished last (the editor may still be showing them) and any run still active.
  const finished = (
    db
      .prepare(
        "SELECT id FROM runs WHERE status IN ('done','error','cancelled','interrupted') ORDER BY finished_at DESC, seq DESC",
      )
      .all() as { id: string }[]
  ).map((r) => previewTag(r.id));
  const keep = new Set([...active.map((r) => previewTag(r.id)), ...finished.slice(0, 1)]);
  const stale = new Set(finished.filter((tag) => !keep.has(tag)));
  for (const name of await pngs(dirs.previews)) {
    const tag = /_([A-Za-z0-9]{1,8})_\d+\.png$/.exec(name)?.[1];
    if (tag !== undefined && stale.has(tag)) await remove(path.join(dirs.previews, name));
  }
  await capFolder(dirs.previews, policy.maxPreviewBytes, () => false, remove);
  return report;
}

/** The part of a preview's name that says which run wrote it (see NodeContext.place). */
function previewTag(runId: string): string {
  return runId.replace(/[^A-Za-z0-9]/g, '').slice(0, 8);
}

function activeRuns(db: Db): { id: string; inputs: string[] }[] {
  const rows = db.prepare("SELECT id, workflow FROM runs WHERE status IN ('queued','running')").all() as {
    id: string;
    workflow: string;
  }[];
  return rows.map((r) => ({ id: r.id, inputs: inputFilesOf(safeParse(r.workflow)) }));
}

/** Deletes the oldest (by modification time) images of `dir` until the rest fit `maxBytes`. */
async function capFolder(
  dir: string,
  maxBytes: number,
  protect: (name: string) => boolean,
  remove: (file: string) => Promise<void>,
): Promise<void> {
  const entries = await Promise.all(
    (await pngs(dir)).map(async (name) => {
      const info = await stat(path.join(dir, name)).catch(() => null);
      return info?.isFile() ? { name, size: info.size, mtime: info.mtimeMs } : null;
    }),
  );
  const files = entries.filter((e) => e !== null).sort((a, b) => a.mtime - b.mtime);
  let total = files.reduce((sum, f) => sum + f.size, 0);
  for (const f of files) {
    if (total <= maxBytes) break;
    if (protect(f.name)) continue;
    await remove(path.join(dir, f.name));
    total -= f.size;
  }
}

/** Image files directly in `dir` (not hidden, not temporary). */
async function pngs(dir: string): Promise<string[]> {
  const names = await readdir(dir).catch(() => [] as string[]);
  return names.filter((n) => /^[A-Za-z0-9].*\.(png|jpe?g)$/i.test(n));
}

function isPlainName(file: string): boolean {
  return /^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(file) && !file.includes('..');
}

function parseList(text: string | null): string[] {
  const value = text ? safeParse(text) : [];
  return Array.isArray(value) ? value.filter((f): f is string => typeof f === 'string') : [];
}

function safeParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/** Runs pruneData after each finished run, one at a time (a request while one runs makes one more pass). */
export class RetentionKeeper {
  private running: Promise<void> | undefined;
  private again = false;

  constructor(
    private readonly db: Db,
    private readonly dirs: DataFolders,
    private readonly policy: RetentionPolicy,
    private readonly onError: (err: unknown) => void = (err) => console.error('retention:', err),
  ) {}

  schedule(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      do {
        this.again = false;
        await pruneData(this.db, this.dirs, this.policy).catch(this.onError);
      } while (this.again);
      this.running = undefined;
    })();
    return this.running;
  }

  /** Resolves when no pass is running (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }
}
