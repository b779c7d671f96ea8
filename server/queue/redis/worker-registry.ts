/**
 * Which workers are alive: each worker writes its description with an expiry time every heartbeat
 * (`unclip:worker:<id>` with a TTL, and its expiry in the `unclip:workers` sorted set); GET /api/workers lists
 * the unexpired ones and forgets the rest, so a worker that stops heartbeating disappears by itself.
 */
import type { Redis } from 'ioredis';
import type { WorkerInfo } from '../../../core/protocol.ts';
import { KEYS } from './connection.ts';

export const HEARTBEAT_MS = 5000;
/** A worker is listed until this many heartbeats are missed. */
const MISSED_BEATS = 3;

export async function beat(redis: Redis, info: Omit<WorkerInfo, 'lastHeartbeat'>, intervalMs: number) {
  const now = Date.now();
  const ttl = intervalMs * MISSED_BEATS;
  const record: WorkerInfo = { ...info, lastHeartbeat: new Date(now).toISOString() };
  await redis
    .multi()
    .set(KEYS.worker(info.id), JSON.stringify(record), 'PX', ttl)
    .zadd(KEYS.workers, now + ttl, info.id)
    .exec();
}

export async function forget(redis: Redis, id: string): Promise<void> {
  await redis.multi().del(KEYS.worker(id)).zrem(KEYS.workers, id).exec();
}

export async function listWorkers(redis: Redis): Promise<WorkerInfo[]> {
  const now = Date.now();
  await redis.zremrangebyscore(KEYS.workers, '-inf', String(now));
  const ids = await redis.zrange(KEYS.workers, '0', '-1');
  if (ids.length === 0) return [];
  const texts = await redis.mget(ids.map(KEYS.worker));
  return texts
    .flatMap((text) => (text ? [JSON.parse(text) as WorkerInfo] : []))
    .sort((a, b) => a.id.localeCompare(b.id));
}
