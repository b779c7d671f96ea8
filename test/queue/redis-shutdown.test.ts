/**
 * An API server and an idle worker in Redis mode stop promptly on SIGTERM even when Redis is gone (ioredis
 * would otherwise keep reconnecting and BullMQ keep waiting on its connections), and the API still stops
 * cleanly when Redis is up. Real processes: redis-server, `serve --queue`, `worker --queue`, signals.
 */
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import { startApi, startRedis, startWorker, stopAll } from './redis-harness.ts';

/** Generous: the server bounds its own wait for Redis to about 2 s. */
const EXIT_BOUND_MS = 5000;

/** SIGTERM a process and measure how long it takes to exit (killed after `EXIT_BOUND_MS * 4` so a hang fails). */
async function timedStop(child: ChildProcess, what: string): Promise<{ ms: number; code: number | null }> {
  const started = performance.now();
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  const killer = setTimeout(() => child.kill('SIGKILL'), EXIT_BOUND_MS * 4);
  const [code] = await exited;
  clearTimeout(killer);
  const ms = performance.now() - started;
  console.log(`exit after SIGTERM, ${what}: ${Math.round(ms)} ms (code ${code})`);
  return { ms, code: code as number | null };
}

async function get(url: string): Promise<number> {
  return (await fetch(url)).status;
}

describe('API server shutdown in Redis mode', () => {
  afterEach(stopAll);

  it.each([
    ['down', true],
    ['up', false],
  ])(
    'exits within the bound after SIGTERM when Redis is %s',
    async (state, stopRedis) => {
      const redis = await startRedis();
      const api = await startApi(redis.url);
      expect(await get(`${api.url}/api/queue`)).toBe(200);
      if (stopRedis) await redis.stop();
      const { ms, code } = await timedStop(api.child, `API, Redis ${state}`);
      expect(code).toBe(0);
      expect(ms).toBeLessThan(EXIT_BOUND_MS);
    },
    60_000,
  );

  it('stops an idle worker within the bound after SIGTERM when Redis is down', async () => {
    const redis = await startRedis();
    const worker = await startWorker(redis.url, { UNCLIP_WORKER_LOCK_MS: '30000' });
    await redis.stop();
    const { ms, code } = await timedStop(worker.child, 'idle worker, Redis down');
    expect(code).toBe(0);
    expect(ms).toBeLessThan(EXIT_BOUND_MS);
  }, 60_000);
});
