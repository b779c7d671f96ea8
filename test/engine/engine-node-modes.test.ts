/** The engine honours node modes: a bypassed upsampler passes its image through, a muted branch does not run. */
import { describe, expect, it } from 'vitest';
import { run, setUpEngines, valid } from './harness.ts';
import { link, node, textToImage } from './workflows.ts';

const { newEngine } = setUpEngines();

describe('node modes in the engine', () => {
  it('a bypassed upsampler is not executed and the save node gets its input image (64 px instead of 128)', async () => {
    const { engine } = await newEngine();
    const wf = textToImage();
    wf.nodes = wf.nodes.map((n) => (n.id === 'up2' ? { ...n, mode: 'bypass' as const } : n));
    const { result, started, events } = await run(engine, await valid(engine, wf));
    expect(result.status).toBe('done');
    expect(started).toEqual(['model', 'text', 'prior', 'decoder', 'up1', 'save']);
    expect(events.some((e) => 'node' in e && e.node === 'up2')).toBe(false);
    expect(result.outputs.save?.images?.[0]).toMatchObject({ width: 64, height: 64 });
  });

  it('a muted node and the nodes that need it do not run; the rest does', async () => {
    const { engine } = await newEngine();
    const wf = textToImage();
    wf.nodes.push(node('preview', 'image.preview'));
    wf.edges.push(link('decoder', 'preview', 'image'));
    wf.nodes = wf.nodes.map((n) => (n.id === 'up1' ? { ...n, mode: 'mute' as const } : n));
    const { result, started } = await run(engine, await valid(engine, wf));
    expect(result.status).toBe('done');
    expect(started).toEqual(['model', 'text', 'prior', 'decoder', 'preview']);
    expect(result.outputs.save).toBeUndefined();
    expect(result.outputs.preview?.images?.[0]).toMatchObject({ width: 32, height: 32 });
  });
});
