import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Workflow } from '../../core/workflow/schema.ts';
import { decodePng, encodePng } from '../../server/images/index.ts';
import { run, setUpEngines, valid } from './harness.ts';
import { CHAIN, link, node, textToImage } from './workflows.ts';

const { newEngine } = setUpEngines();

describe('caching', () => {
  it('re-runs only the save node when nothing changed, reading only what it reads from the cache', async () => {
    const { engine } = await newEngine();
    const workflow = await valid(engine, textToImage());
    await run(engine, workflow);
    const again = await run(engine, workflow, 'run-2');
    expect(again.events[0]).toMatchObject({ type: 'run.start', nodes: ['up2', 'save'] });
    expect(again.started).toEqual(['save']);
    expect(again.cached).toEqual(['up2']);
    expect(again.result.files).toEqual(['test_run2_0000.png']);
  });

  it('does not re-run an evicted ancestor when everything that reads it is a cache hit', async () => {
    // Room for the 128 px image of upsampler 2 (196,608 bytes) and nothing else: every ancestor is evicted.
    const { engine } = await newEngine({ cacheBytes: 200_000 });
    const workflow = await valid(engine, textToImage());
    expect((await run(engine, workflow)).started).toEqual(CHAIN);
    expect(engine.cache.size).toBe(1);
    const again = await run(engine, workflow, 'run-2');
    expect(again.result.status).toBe('done');
    expect(again.started).toEqual(['save']);
    expect(again.cached).toEqual(['up2']);
    // A changed upsampler 2 needs upsampler 1's output: only then do the evicted ancestors run again.
    const edited = structuredClone(textToImage());
    edited.nodes.find((n) => n.id === 'up2')!.params.steps = 3;
    expect((await run(engine, await valid(engine, edited), 'run-3')).started).toEqual(CHAIN);
  });

  it('after a decoder seed change runs only the decoder and what is downstream', async () => {
    const { engine } = await newEngine();
    await run(engine, await valid(engine, textToImage()));
    const edited = await run(engine, await valid(engine, textToImage({ decoderSeed: 8 })), 'run-2');
    expect(edited.started).toEqual(['decoder', 'up1', 'up2', 'save']);
    expect(edited.cached).toEqual(['model', 'text', 'prior']);
  });

  it('re-reads an input image when the file changes under the same name', async () => {
    const { engine, inputsDir, outputsDir } = await newEngine();
    const write = (value: number) =>
      writeFile(
        join(inputsDir, 'in.png'),
        encodePng({ width: 2, height: 2, rgba: new Uint8Array(16).fill(value) }),
      );
    await write(10);
    const workflow = await valid(engine, {
      format: 'unclip-studio/workflow',
      version: 1,
      nodes: [node('load', 'image.load', { file: 'in.png' }), node('save', 'image.save', { prefix: 'copy' })],
      edges: [link('load', 'save', 'image')],
    });
    expect((await run(engine, workflow)).started).toEqual(['load', 'save']);
    expect((await run(engine, workflow, 'run-2')).cached).toEqual(['load']);
    await write(200);
    const changed = await run(engine, workflow, 'run-3');
    expect(changed.started).toEqual(['load', 'save']);
    const png = decodePng(await readFile(join(outputsDir, changed.result.files[0]!)));
    expect(png.rgba[0]).toBe(200);
  });

  it('computes identical subgraphs once, whatever their node ids', async () => {
    const { engine } = await newEngine();
    const base = textToImage();
    const twin: Workflow = {
      ...base,
      nodes: [
        ...base.nodes,
        node('text_b', 'text.encode', { prompt: 'a large red filled circle in the center' }),
        node('prior_b', 'prior.sample', { steps: 4, seed: 1 }),
        node('preview_b', 'image.preview'),
        node('decoder_b', 'decoder.sample', { steps: 4, seed: 7 }),
      ],
      edges: [
        ...base.edges,
        link('model', 'text_b', 'model'),
        link('model', 'prior_b', 'model'),
        link('text_b', 'prior_b', 'text'),
        link('model', 'decoder_b', 'model'),
        link('prior_b', 'decoder_b', 'embedding'),
        link('text_b', 'decoder_b', 'text'),
        link('decoder_b', 'preview_b', 'image'),
      ],
    };
    const { started, cached, result } = await run(engine, await valid(engine, twin));
    expect(result.status).toBe('done');
    expect(cached).toEqual(['text_b', 'prior_b', 'decoder_b']);
    expect(started).toEqual([...CHAIN, 'preview_b']);
  });
});
