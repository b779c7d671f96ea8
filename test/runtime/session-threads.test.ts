/** Sessions are created with the configured tuning: the intra-op pool really has that many threads. */
import { readdirSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ModelRegistry, resolveTuning } from '../../server/runtime/index.ts';
import { OnnxStage } from '../../server/runtime/onnx.ts';
import { BUNDLE_DIR } from '../helpers/fixtures.ts';

const PRIOR = join(BUNDLE_DIR, 'prior.onnx');
const osThreads = () => readdirSync('/proc/self/task').length;
const stages: OnnxStage[] = [];
afterAll(() => Promise.all(stages.map((s) => s.dispose())));

/** OS threads a new session adds: ORT's intra-op pool runs threads - 1 workers beside the caller. */
async function threadsAdded(threads: number): Promise<number> {
  const before = osThreads();
  stages.push(await OnnxStage.load(PRIOR, 'prior', { provider: 'cpu', threads }));
  return osThreads() - before;
}

describe('session threads', () => {
  it('a session gets the configured number of intra-op threads', async () => {
    await threadsAdded(1); // the first load starts libuv's worker pool; later loads add only ORT threads
    expect(await threadsAdded(1)).toBe(0);
    expect(await threadsAdded(3)).toBe(2);
    expect(await threadsAdded(5)).toBe(4);
  });

  it('the registry passes its tuning to every stage, threads defaulting to the available cores', async () => {
    const configured = new ModelRegistry({ tuning: { threads: 3, spinning: false } });
    const plain = new ModelRegistry();
    try {
      const prior = await (await configured.load('shapes-tiny')).stage('prior');
      expect(prior.tuning).toEqual(resolveTuning({ threads: 3, spinning: false }));
      expect((await (await plain.load('shapes-tiny')).stage('decoder')).tuning.threads).toBe(
        availableParallelism(),
      );
    } finally {
      await Promise.all([configured.dispose(), plain.dispose()]);
    }
  });

  it('refuses a thread count ORT cannot take', () => {
    expect(() => new ModelRegistry({ tuning: { threads: 0 } })).toThrow(
      'threads must be a whole number from 1 to 256, got 0',
    );
  });
});
