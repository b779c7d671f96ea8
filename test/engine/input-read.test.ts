/** One read per input file: the cache key and the decoded image come from the same bytes. */
import * as fs from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { encodePng } from '../../server/images/index.ts';
import { run, setUpEngines, valid } from './harness.ts';
import { link, node } from './workflows.ts';

vi.mock('node:fs/promises', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:fs/promises')>();
  return { ...actual, readFile: vi.fn(actual.readFile) };
});

const { newEngine } = setUpEngines();

/** How many times a file named `name` was read through fs.readFile since the last reset. */
const readsOf = (name: string) =>
  vi.mocked(fs.readFile).mock.calls.filter(([path]) => String(path).endsWith(`/${name}`)).length;

describe('input files', () => {
  it('are read once per run, however many nodes read them, and hashed from the bytes decoded', async () => {
    const { engine, inputsDir, outputsDir } = await newEngine();
    await fs.writeFile(
      join(inputsDir, 'in.png'),
      encodePng({ width: 2, height: 2, rgba: new Uint8Array(16).fill(90) }),
    );
    const workflow = await valid(engine, {
      format: 'unclip-studio/workflow',
      version: 1,
      nodes: [
        node('a', 'image.load', { file: 'in.png' }),
        node('b', 'image.load', { file: 'in.png' }),
        node('save_a', 'image.save', { prefix: 'a' }),
        node('save_b', 'image.save', { prefix: 'b' }),
      ],
      edges: [link('a', 'save_a', 'image'), link('b', 'save_b', 'image')],
    });
    vi.mocked(fs.readFile).mockClear();
    const first = await run(engine, workflow);
    expect(first.result.status).toBe('done');
    // a and b share one key: b comes from the cache a filled, and the file was read once for both.
    expect(first.started).toEqual(['a', 'save_a', 'save_b']);
    expect(readsOf('in.png')).toBe(1);
    const saved = await fs.readFile(join(outputsDir, first.result.files[1]!));
    expect(saved.length).toBeGreaterThan(0);

    vi.mocked(fs.readFile).mockClear();
    const again = await run(engine, workflow, 'run-2');
    expect(again.cached).toEqual(['a', 'b']);
    expect(readsOf('in.png')).toBe(1);
  });
});
