/**
 * A queued run is stored as validated JSON and validated (migrated) again before it executes: a row left by
 * an older release or one whose input file is gone since it was queued never reaches the engine unchecked.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { EngineEvent } from '../../core/events.ts';
import { encodePng } from '../../server/images/index.ts';
import { SqliteRunQueue } from '../../server/queue/sqlite-queue.ts';
import { openDatabase } from '../../server/store/database.ts';
import { setUpEngines } from '../engine/harness.ts';
import { tempFolders } from '../engine/temp.ts';

const { newEngine } = setUpEngines();
const dataFolder = tempFolders('stored-runs');

/** A queue over a database holding one queued row written as raw JSON (as an older release might have). */
async function queueWithStoredRow(workflow: unknown) {
  const { engine, inputsDir } = await newEngine();
  await writeFile(join(inputsDir, 'in.png'), encodePng({ width: 2, height: 2, rgba: new Uint8Array(16) }));
  const db = openDatabase(await dataFolder());
  db.prepare(
    `INSERT INTO runs (id, name, workflow, status, position, created_at) VALUES ('r1', 'old', ?, 'queued', 0, ?)`,
  ).run(JSON.stringify(workflow), new Date().toISOString());
  const queue = new SqliteRunQueue(db, engine);
  const events: EngineEvent[] = [];
  const ended = new Promise<void>((resolve) =>
    queue.on('event', (event) => {
      events.push(event);
      if (event.type === 'run.done' || event.type === 'run.error') resolve();
    }),
  );
  queue.start();
  await ended;
  const run = queue.get('r1');
  await queue.close();
  db.close();
  return { run, events };
}

const loadAndSave = (file: string, saveParams: Record<string, unknown>) => ({
  format: 'unclip-studio/workflow',
  version: 1,
  name: 'old',
  nodes: [
    { id: 'load', type: 'image.load', params: { file } },
    { id: 'save', type: 'image.save', params: saveParams },
  ],
  edges: [{ from: { node: 'load', port: 'image' }, to: { node: 'save', port: 'image' } }],
});

describe('a stored queued run', () => {
  it('is validated again before it runs, so params missing from the stored JSON get their defaults', async () => {
    const { run } = await queueWithStoredRow(loadAndSave('in.png', {}));
    expect(run?.error).toBeUndefined();
    expect(run?.status).toBe('done');
    expect(run?.files).toEqual(['unclip_r1_0000.png']);
  });

  it('that is no longer valid ends in run.error naming the node, and nothing executes', async () => {
    const { run, events } = await queueWithStoredRow(loadAndSave('gone.png', { prefix: 'x' }));
    expect(run?.status).toBe('error');
    expect(run?.error).toEqual({
      node: 'load',
      message: 'the queued workflow is no longer valid: load: input file "gone.png" does not exist',
    });
    expect(events.map((e) => e.type)).toEqual(['run.error']);
  });
});
