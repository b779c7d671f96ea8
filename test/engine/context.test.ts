import { mkdir, readdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import type { EngineEvent } from '../../core/events.ts';
import type { Workflow } from '../../core/workflow/schema.ts';
import { float32 } from '../../nodes/tensor.ts';
import { NodeContext, type RunState } from '../../server/engine/context.ts';
import { decodePng, encodePng, readPngText, readPngWorkflow } from '../../server/images/index.ts';
import { tempFolders } from './temp.ts';

const workflow: Workflow = {
  format: 'unclip-studio/workflow',
  version: 1,
  name: 'ctx «test»',
  nodes: [],
  edges: [],
};

const tempFolder = tempFolders('ctx');
let inputsDir: string;
let outputsDir: string;
let events: EngineEvent[];
let state: RunState;

function context(signal = new AbortController().signal) {
  const models = { load: () => Promise.reject(new Error('no models here')) };
  return new NodeContext('save', signal, { models, inputsDir, outputsDir }, state, (e) => events.push(e));
}

beforeEach(async () => {
  const root = await tempFolder();
  inputsDir = join(root, 'inputs');
  outputsDir = join(root, 'outputs');
  await mkdir(inputsDir);
  events = [];
  state = { runId: 'a1b2c3d4-e5f6', workflow, files: [], names: new Map(), inputFiles: new Map() };
});

const twoImages = () => ({
  pixels: float32(
    [2, 3, 4, 5],
    Float32Array.from({ length: 120 }, (_, i) => (i % 7) / 3 - 1),
  ),
  labels: ['x', 'y'],
});

describe('writeImages', () => {
  it('writes one PNG per item with the workflow and run metadata embedded, names unique per run', async () => {
    const ctx = context();
    const first = await ctx.writeImages(twoImages(), { prefix: 'shot', temporary: false });
    const second = await ctx.writeImages(twoImages(), { prefix: 'shot', temporary: false });
    expect([...first, ...second].map((d) => d.file)).toEqual([
      'shot_a1b2c3d4_0000.png',
      'shot_a1b2c3d4_0001.png',
      'shot_a1b2c3d4_0002.png',
      'shot_a1b2c3d4_0003.png',
    ]);
    expect(first[1]).toEqual({ file: 'shot_a1b2c3d4_0001.png', width: 5, height: 4, label: 'y' });
    expect(state.files).toHaveLength(4);
    expect((await readdir(outputsDir)).sort()).toEqual(state.files); // no temporary files left behind
    const bytes = await readFile(join(outputsDir, 'shot_a1b2c3d4_0001.png'));
    expect(readPngWorkflow(bytes)).toEqual(workflow);
    expect(JSON.parse(readPngText(bytes)['unclip-studio']!)).toEqual({
      app: 'unclip-studio',
      node: 'save',
      index: 1,
      label: 'y',
    });
    expect([decodePng(bytes).width, decodePng(bytes).height]).toEqual([5, 4]);
  });

  it('never overwrites an existing file of the same name', async () => {
    await mkdir(outputsDir);
    await writeFile(join(outputsDir, 'shot_a1b2c3d4_0000.png'), 'keep me');
    const [image] = await context().writeImages(twoImages(), { prefix: 'shot', temporary: false });
    expect(image!.file).toBe('shot_a1b2c3d4_0001.png');
    expect(await readFile(join(outputsDir, 'shot_a1b2c3d4_0000.png'), 'utf8')).toBe('keep me');
  });

  it('puts temporary images under .temp/ and does not list them as run files', async () => {
    const images = await context().writeImages(twoImages(), { prefix: 'preview', temporary: true });
    expect(images.map((d) => d.file)).toEqual([
      '.temp/preview_a1b2c3d4_0000.png',
      '.temp/preview_a1b2c3d4_0001.png',
    ]);
    expect(state.files).toEqual([]);
  });
});

describe('readInputImage', () => {
  it('decodes a PNG of the inputs folder to [1,3,H,W] in [-1, 1]', async () => {
    const rgba = new Uint8Array(3 * 2 * 4).fill(255);
    rgba.set([0, 0, 0, 255], 0);
    await writeFile(join(inputsDir, 'in.png'), encodePng({ width: 3, height: 2, rgba }));
    const image = await context().readInputImage('in.png');
    expect(image.pixels.dims).toEqual([1, 3, 2, 3]);
    expect([image.pixels.data[0], image.pixels.data[1]]).toEqual([-1, 1]);
    expect(image.labels).toEqual(['in.png']);
  });

  it('refuses names that leave the inputs folder, hidden files and symlinks pointing out', async () => {
    await writeFile(
      join(outputsDir, '..', 'secret.png'),
      encodePng({ width: 1, height: 1, rgba: new Uint8Array(4) }),
    );
    await symlink(join(outputsDir, '..', 'secret.png'), join(inputsDir, 'link.png'));
    const ctx = context();
    for (const name of [
      '../secret.png',
      '/etc/passwd',
      'sub/x.png',
      '.hidden.png',
      'link.png',
      'missing.png',
    ])
      await expect(ctx.readInputImage(name)).rejects.toThrow(/not a PNG or JPEG file in the inputs folder/);
  });
});

describe('progress and preview', () => {
  it('emit events for this node and stop the node once the run is cancelled', () => {
    const abort = new AbortController();
    const ctx = context(abort.signal);
    ctx.progress(1, 4);
    ctx.preview(4, 4, float32([1, 3, 2, 2]));
    expect(events.map((e) => e.type)).toEqual(['node.progress', 'node.preview']);
    abort.abort();
    expect(() => ctx.progress(2, 4)).toThrow();
  });
});
