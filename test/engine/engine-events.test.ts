import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run, setUpEngines, valid } from './harness.ts';
import { CHAIN, textToImage } from './workflows.ts';

const { newEngine } = setUpEngines();

describe('events', () => {
  it('come in order: run.start, per node start, progress/preview, done, then run.done with the files', async () => {
    const { engine } = await newEngine();
    const { result, events, started } = await run(engine, await valid(engine, textToImage()));
    expect(result.status).toBe('done');
    expect(events[0]).toEqual({ type: 'run.start', runId: 'run-1', nodes: CHAIN });
    expect(started).toEqual(CHAIN);
    const last = events.at(-1)!;
    expect(last).toMatchObject({ type: 'run.done', files: result.files });
    // Every node's events sit between its start and its done.
    for (const id of CHAIN) {
      const mine = events.map((e, i) => [e, i] as const).filter(([e]) => 'node' in e && e.node === id);
      expect(mine[0]![0].type).toBe('node.start');
      expect(mine.at(-1)![0].type).toBe('node.done');
      const positions = mine.map(([, i]) => i);
      expect(positions.at(-1)! - positions[0]!).toBe(positions.length - 1); // nothing else interleaved
    }
    const progress = events.filter((e) => e.type === 'node.progress' && e.node === 'decoder');
    expect(progress.map((e) => (e.type === 'node.progress' ? e.step : 0))).toEqual([1, 2, 3, 4]);
    const previews = events.filter((e) => e.type === 'node.preview' && e.node === 'decoder');
    expect(previews.at(-1)).toMatchObject({ step: 4, steps: 4, image: { width: 32, height: 32 } });
    expect(result.files).toEqual(['test_run1_0000.png']);
    expect(result.outputs.save?.images).toEqual([{ file: 'test_run1_0000.png', width: 128, height: 128 }]);
  });

  it('a listener that throws does not break the run', async () => {
    const { engine } = await newEngine();
    const result = await engine.run('r', await valid(engine, textToImage()), {
      onEvent: () => {
        throw new Error('listener bug');
      },
    });
    expect(result.status).toBe('done');
  });
});

describe('determinism', () => {
  it('the same workflow gives byte-identical PNGs on two fresh engines', async () => {
    const [a, b] = [await newEngine(), await newEngine()];
    const ra = await run(a.engine, await valid(a.engine, textToImage()), 'same-run');
    const rb = await run(b.engine, await valid(b.engine, textToImage()), 'same-run');
    const [fa, fb] = [ra.result.files[0]!, rb.result.files[0]!];
    expect(fa).toBe(fb);
    expect(await readFile(join(a.outputsDir, fa))).toEqual(await readFile(join(b.outputsDir, fb)));
  });
});
