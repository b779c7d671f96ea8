/**
 * WebSocket totals (issue 11): the number of clients and the bytes buffered across ALL clients are bounded,
 * not only per client. Clients that never read cannot make the server hold 20 x 32 MB.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { QueueState } from '../../core/protocol.ts';
import { TestSocket } from './harness.ts';
import { startHub } from './hub-feed.ts';

/** A queue.changed payload of about 100 kB. */
function bigQueue(round: number): QueueState {
  const queued = Array.from({ length: 1000 }, (_, i) => `run-${round}-${i}-${'x'.repeat(80)}`);
  return { paused: false, queued };
}

describe('WebSocket totals', () => {
  let cleanup: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await cleanup?.();
    cleanup = undefined;
  });

  it('refuses clients beyond maxClients with 503 before upgrading', async () => {
    const { hub, url, close } = await startHub({ maxClients: 2 });
    cleanup = close;
    const open = [await TestSocket.open(url), await TestSocket.open(url)];
    await expect(TestSocket.open(url)).rejects.toThrow('upgrade refused: 503');
    expect(hub.size).toBe(2);
    for (const s of open) s.close();
  });

  it('keeps the bytes buffered across all non-reading clients under the total limit', async () => {
    const totalBufferLimit = 4 << 20;
    const { feed, hub, url, close } = await startHub({ totalBufferLimit });
    cleanup = close;
    const sockets = await Promise.all(Array.from({ length: 8 }, () => TestSocket.open(url)));
    await Promise.all(sockets.map((s) => s.waitFor((m) => m.type === 'hello', 10_000)));
    for (const s of sockets) s.ws.pause();
    let peak = 0;
    for (let round = 0; round < 150; round++) {
      feed.emit('changed', bigQueue(round));
      peak = Math.max(peak, hub.totalBuffered());
    }
    console.log(
      `ws totals: peak buffered ${(peak / 2 ** 20).toFixed(1)} MiB across clients (limit ${totalBufferLimit / 2 ** 20} MiB), ` +
        `${hub.droppedForTotal} of 8 clients disconnected, ${hub.size} left`,
    );
    expect(peak).toBeLessThanOrEqual(totalBufferLimit);
    expect(hub.droppedForTotal).toBeGreaterThan(0);
    for (const s of sockets) s.ws.resume();
  });
});
