/**
 * The hub under pressure, on a real loopback socket: a client that stops reading loses previews instead of
 * slowing the sender, still gets its JSON events once it reads again, and a silent client is dropped by the
 * heartbeat. Events come from a plain emitter standing in for the queue, so thousands can be sent quickly.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { EngineEvent } from '../../core/events.ts';
import { TestSocket } from './harness.ts';
import { startHub } from './hub-feed.ts';

/** 128 px noise frames (~50 kB as PNG): enough bytes to fill loopback socket buffers. */
const FRAMES = 300;

/** Incompressible pixels (xorshift32), so each PNG really is ~50 kB. */
function noisePreview(runId: string, step: number): EngineEvent {
  const side = 128;
  const rgba = new Uint8Array(side * side * 4);
  let x = step + 1;
  for (let i = 0; i < rgba.length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    rgba[i] = x & 0xff;
  }
  return {
    type: 'node.preview',
    runId,
    node: 'decoder',
    step,
    steps: 1000,
    image: { width: side, height: side, rgba },
  };
}

describe('WebSocket hub', () => {
  let cleanup: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await cleanup?.();
    cleanup = undefined;
  });

  it('drops previews for a client that stops reading, never blocking the sender', async () => {
    const previewBufferLimit = 256 * 1024;
    const { feed, hub, url, close } = await startHub({ previewBufferLimit });
    cleanup = close;
    const slow = await TestSocket.open(url);
    slow.send({ type: 'subscribe', runId: 'r1' });
    await slow.flush();
    slow.ws.pause();

    for (let step = 0; step < FRAMES; step++) feed.emit('event', noisePreview('r1', step), undefined);
    feed.emit('event', { type: 'run.done', runId: 'r1', outputs: {}, files: [], ms: 1 }, undefined);

    // The sender never waits: what the hub holds for the stalled client stays within one frame of the limit.
    expect(hub.droppedPreviews).toBeGreaterThan(0);
    expect(hub.totalBuffered()).toBeLessThanOrEqual(previewBufferLimit + 64 * 1024);
    slow.ws.resume();
    await slow.waitFor((m) => m.type === 'run.done', 10_000);
    expect(slow.previews.length).toBeGreaterThan(0);
    expect(slow.previews.length + hub.droppedPreviews).toBe(FRAMES);
    slow.close();
  });

  it('terminates a client that stops answering pings', async () => {
    const { hub, url, close } = await startHub({ heartbeatMs: 100 });
    cleanup = close;
    const silent = await TestSocket.open(url);
    expect(hub.size).toBe(1);
    silent.ws.pause();
    const closed = new Promise<void>((resolve) => silent.ws.once('close', () => resolve()));
    const deadline = Date.now() + 5_000;
    while (hub.size > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(hub.size).toBe(0);
    silent.ws.resume();
    await closed;
  });
});
