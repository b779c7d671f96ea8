/**
 * The Redis queue flags of `serve` and `worker`: a wrong URL, a missing or short worker token and
 * --local-worker without a queue are usage errors (exit 1) that say what to pass, before anything starts.
 */
import { describe, expect, it } from 'vitest';
import { cli } from './harness.ts';

const TOKEN = { UNCLIP_WORKER_TOKEN: 'a-worker-token-of-24-chars' };

describe('Redis queue flags', () => {
  it('worker needs a queue', async () => {
    const { code, stderr } = await cli(['worker'], TOKEN);
    expect(code).toBe(1);
    expect(stderr).toMatch(/worker needs --queue redis:\/\//);
  });

  it('refuses a URL that is not redis:// or rediss://', async () => {
    const { code, stderr } = await cli(['serve', '--queue', 'http://127.0.0.1:6379'], TOKEN);
    expect(code).toBe(1);
    expect(stderr).toMatch(/--queue must be a redis:\/\/ or rediss:\/\/ URL, got "http:/);
  });

  it('refuses a missing or short worker token, from the flag or UNCLIP_QUEUE', async () => {
    const missing = await cli(['worker', '--queue', 'redis://127.0.0.1:6379']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/worker token of at least 16 characters/);
    const short = await cli(['serve', '--worker-token', 'short'], {
      UNCLIP_QUEUE: 'rediss://:pw@redis.example:6380/2',
    });
    expect(short.code).toBe(1);
    expect(short.stderr).toMatch(/worker token of at least 16 characters/);
  });

  it('--local-worker needs --queue', async () => {
    const { code, stderr } = await cli(['serve', '--local-worker'], TOKEN);
    expect(code).toBe(1);
    expect(stderr).toMatch(/--local-worker needs --queue/);
  });

  it('documents the flags in both commands', async () => {
    expect((await cli(['serve', '--help'])).stdout).toMatch(
      /--queue URL[\s\S]*--worker-token[\s\S]*--local-worker/,
    );
    expect((await cli(['worker', '--help'])).stdout).toMatch(/--queue URL[\s\S]*--concurrency N/);
  });
});
