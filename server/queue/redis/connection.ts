/**
 * Redis mode's connection settings and key names. `--queue redis://[:password@]host:port[/db]` (or
 * `rediss://` for TLS, or UNCLIP_QUEUE) selects it; every process (API servers, workers) shares the queue
 * name, the key prefix and the worker token.
 */
import { Redis, type RedisOptions } from 'ioredis';

export const QUEUE_NAME = 'runs';
export const KEY_PREFIX = 'unclip';
/** The shared secret that signs what workers publish; API servers refuse events that it does not sign. */
export const MIN_WORKER_TOKEN = 16;

export interface RedisSettings {
  url: string;
  workerToken: string;
}

/** Checks the URL and the token up front so a typo fails at start with a clear message, not at the first run. */
export function redisSettings(url: string, workerToken: string | undefined): RedisSettings {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error(`--queue must be a redis:// or rediss:// URL, got "${url}"`);
  }
  if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:')
    throw new Error(`--queue must be a redis:// or rediss:// URL, got "${parsed.protocol}//..."`);
  if (!workerToken || workerToken.length < MIN_WORKER_TOKEN)
    throw new Error(
      `the Redis queue needs a worker token of at least ${MIN_WORKER_TOKEN} characters ` +
        '(--worker-token or UNCLIP_WORKER_TOKEN), the same on the API servers and every worker',
    );
  return { url, workerToken };
}

/** A new connection. BullMQ needs maxRetriesPerRequest null: commands wait through a Redis restart. */
export function connect(settings: RedisSettings, name: string, extra: RedisOptions = {}): Redis {
  const redis = new Redis(settings.url, {
    maxRetriesPerRequest: null,
    connectionName: `unclip-${name}`,
    // Reconnect with a capped back-off, forever: a restarting Redis is waited for, never given up on.
    retryStrategy: (times) => Math.min(100 * times, 2000),
    // A socket still connecting to a Redis that is down is destroyed this soon after disconnect().
    disconnectTimeout: 500,
    ...extra,
  });
  // Connection errors are retried by ioredis; without a listener they would crash the process.
  redis.on('error', () => {});
  return redis;
}

/** Wait for `work`, but at most `ms` (closing must not hang while Redis is unreachable). */
export async function within(work: Promise<unknown> | undefined, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([work?.catch(() => {}), new Promise((resolve) => (timer = setTimeout(resolve, ms)))]);
  clearTimeout(timer);
}

/** Whether Redis answers a PING within `ms` (a connection may not have noticed yet that Redis went away). */
export async function answers(redis: Redis, ms = 500): Promise<boolean> {
  if (redis.status !== 'ready') return false;
  let answered = false;
  await within(
    redis.ping().then(() => (answered = true)),
    ms,
  );
  return answered;
}

/** Wait for `work` while `redis` stays connected; once it is not (or if it is not now), at most `ms` more. */
export async function whileConnected(redis: Redis, work: Promise<unknown>, ms: number): Promise<void> {
  const lost =
    redis.status === 'ready'
      ? new Promise<void>((resolve) => redis.once('close', resolve))
      : Promise.resolve();
  await Promise.race([work.catch(() => {}), lost.then(() => within(work, ms))]);
}

/** Every key this app writes besides BullMQ's own (`unclip:runs:*`). */
export const KEYS = {
  run: (id: string) => `${KEY_PREFIX}:run:${id}`,
  history: `${KEY_PREFIX}:history`,
  events: `${KEY_PREFIX}:events`,
  cancelChannel: `${KEY_PREFIX}:cancel`,
  changedChannel: `${KEY_PREFIX}:changed`,
  cancelFlag: (id: string) => `${KEY_PREFIX}:cancel:${id}`,
  output: (name: string) => `${KEY_PREFIX}:output:${name}`,
  input: (name: string) => `${KEY_PREFIX}:input:${name}`,
  workers: `${KEY_PREFIX}:workers`,
  worker: (id: string) => `${KEY_PREFIX}:worker:${id}`,
};
