/** Disk retention (issue 11): old runs with their images, size caps, previews of finished runs; the prune command. */
import { existsSync } from 'node:fs';
import { mkdir, readdir, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { type Db, openDatabase } from '../../server/store/database.ts';
import { pruneData } from '../../server/store/retention.ts';
import { cli } from '../cli/harness.ts';
import { tempFolders } from '../engine/temp.ts';

const tempFolder = tempFolders('retention');

async function dataFolder() {
  const data = await tempFolder();
  const dirs = {
    inputs: path.join(data, 'inputs'),
    outputs: path.join(data, 'outputs'),
    previews: path.join(data, 'outputs', '.temp'),
  };
  for (const dir of Object.values(dirs)) await mkdir(dir, { recursive: true });
  return { data, dirs, db: openDatabase(data) };
}

/** A file of `bytes` bytes, `age` seconds old. */
async function file(dir: string, name: string, bytes = 1000, age = 0): Promise<void> {
  await writeFile(path.join(dir, name), Buffer.alloc(bytes, 1));
  const when = new Date(Date.now() - age * 1000);
  await utimes(path.join(dir, name), when, when);
}

function insertRun(
  db: Db,
  id: string,
  status: string,
  finished: number,
  files: string[],
  workflow = '{}',
): void {
  db.prepare(
    `INSERT INTO runs (id, name, workflow, status, created_at, finished_at, files) VALUES (?, 'r', ?, ?, ?, ?, ?)`,
  ).run(
    id,
    workflow,
    status,
    new Date(0).toISOString(),
    finished ? new Date(finished).toISOString() : null,
    JSON.stringify(files),
  );
}

describe('retention', () => {
  it('deletes finished runs beyond keepRuns together with their images, keeping the newest', async () => {
    const { dirs, db } = await dataFolder();
    for (let i = 0; i < 5; i++) {
      await file(dirs.outputs, `img_run${i}aaaa_0000.png`);
      insertRun(db, `run${i}aaaa-x`, 'done', 1000 + i, [`img_run${i}aaaa_0000.png`]);
    }
    const report = await pruneData(db, dirs, {
      keepRuns: 2,
      maxOutputBytes: 1e9,
      maxInputBytes: 1e9,
      maxPreviewBytes: 1e9,
    });
    expect(report).toEqual({ runs: 3, files: 3, bytes: 3000 });
    expect((await readdir(dirs.outputs)).filter((n) => n.endsWith('.png')).sort()).toEqual([
      'img_run3aaaa_0000.png',
      'img_run4aaaa_0000.png',
    ]);
    const left = db.prepare('SELECT id FROM runs ORDER BY id').all() as { id: string }[];
    expect(left.map((r) => r.id)).toEqual(['run3aaaa-x', 'run4aaaa-x']);
    db.close();
  });

  it('caps outputs and inputs by size, oldest first, never an input a queued run names', async () => {
    const { dirs, db } = await dataFolder();
    for (let i = 0; i < 4; i++) await file(dirs.outputs, `out${i}.png`, 1000, 100 - i);
    for (let i = 0; i < 4; i++) await file(dirs.inputs, `in${i}.png`, 1000, 100 - i);
    const wf = JSON.stringify({ nodes: [{ id: 'l', type: 'image.load', params: { file: 'in0.png' } }] });
    insertRun(db, 'queued-1', 'queued', 0, [], wf);
    const policy = { keepRuns: 10, maxOutputBytes: 2500, maxInputBytes: 2500, maxPreviewBytes: 1e9 };
    await pruneData(db, dirs, policy);
    expect((await readdir(dirs.outputs)).filter((n) => n.endsWith('.png')).sort()).toEqual([
      'out2.png',
      'out3.png',
    ]);
    // in0 is the oldest but queued-1 needs it: in1 and in2 go instead.
    expect((await readdir(dirs.inputs)).sort()).toEqual(['in0.png', 'in3.png']);
    db.close();
  });

  it("removes a finished run's previews once another run has finished; keeps the running run's", async () => {
    const { dirs, db } = await dataFolder();
    insertRun(db, 'aaaaaaaa-1', 'done', 1000, []);
    insertRun(db, 'bbbbbbbb-2', 'done', 2000, []);
    insertRun(db, 'cccccccc-3', 'running', 0, []);
    for (const tag of ['aaaaaaaa', 'bbbbbbbb', 'cccccccc', 'unknown1'])
      await file(dirs.previews, `preview_${tag}_0000.png`);
    await pruneData(db, dirs);
    // aaaaaaaa finished before bbbbbbbb; a preview of no known run is left to the size cap.
    expect((await readdir(dirs.previews)).sort()).toEqual([
      'preview_bbbbbbbb_0000.png',
      'preview_cccccccc_0000.png',
      'preview_unknown1_0000.png',
    ]);
    db.close();
  });

  it('`unclip-studio prune` applies the policy from its flags and reports what it freed', async () => {
    const { data, dirs, db } = await dataFolder();
    for (let i = 0; i < 3; i++) {
      await file(dirs.outputs, `p_r${i}_0000.png`, 2048);
      insertRun(db, `r${i}`, 'error', 1000 + i, [`p_r${i}_0000.png`]);
    }
    db.close();
    const out = await cli(['prune', '--data', data, '--keep-runs', '1']);
    expect(out).toMatchObject({ code: 0, stdout: 'pruned 2 run(s) and 2 file(s), 0.0 MiB freed\n' });
    expect(existsSync(path.join(dirs.outputs, 'p_r2_0000.png'))).toBe(true);
    expect(existsSync(path.join(dirs.outputs, 'p_r0_0000.png'))).toBe(false);
    const bad = await cli(['prune', '--data', data, '--keep-runs', 'lots']);
    expect([bad.code, bad.stderr]).toEqual([
      1,
      expect.stringContaining('--keep-runs must be a whole number'),
    ]);
  });
});
