/**
 * Files are in the run record as soon as they are written (issue 11): at the moment image.save reports done,
 * before the run ends, the stored record already lists its PNGs, so a kill -9 right then loses nothing.
 */
import { describe, expect, it } from 'vitest';
import type { EngineEvent } from '../../core/events.ts';
import { SqliteRunQueue } from '../../server/queue/sqlite-queue.ts';
import { openDatabase } from '../../server/store/database.ts';
import { setUpEngines, valid } from '../engine/harness.ts';
import { tempFolders } from '../engine/temp.ts';
import { textToImage } from './workflows.ts';

const { newEngine } = setUpEngines();
const tempFolder = tempFolders('run-files');

describe('run records', () => {
  it('list each output file while the run is still running', async () => {
    const { engine } = await newEngine();
    const db = openDatabase(await tempFolder());
    const queue = new SqliteRunQueue(db, engine);
    const workflow = await valid(engine, textToImage());
    let atSave: unknown;
    const done = new Promise<void>((resolve) => {
      queue.on('event', (event: EngineEvent) => {
        if (event.type === 'node.done' && event.node === 'save') {
          const record = queue.get(event.runId)!;
          atSave = { status: record.status, files: record.files };
        }
        if (event.type === 'run.done' || event.type === 'run.error') resolve();
      });
    });
    queue.start();
    queue.enqueue(workflow);
    await done;
    expect(atSave).toEqual({ status: 'running', files: [expect.stringMatching(/^test_\w{8}_0000\.png$/)] });
    await queue.close();
    db.close();
  });
});
