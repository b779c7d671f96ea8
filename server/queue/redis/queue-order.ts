/**
 * The order of queued runs on BullMQ: every run is added with a priority (lower runs first; BullMQ keeps
 * equal priorities in insertion order), new runs after the last one. Moving a run renumbers the queued runs
 * 1..n in their new order with job.changePriority. Runs a stalled worker handed back come first.
 */
import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { JobData } from './run-worker.ts';

/** BullMQ's largest priority. */
const MAX_PRIORITY = 2 ** 21 - 1;
/** BullMQ scores prioritized jobs priority * 2^32 + an insertion counter. */
const PRIORITY_SCALE = 2 ** 32;

/** Running runs (oldest first) and queued runs, next first. */
export async function queueIds(queue: Queue<JobData>): Promise<{ running: string[]; queued: string[] }> {
  const [running, waiting, prioritized] = await Promise.all([
    queue.getRanges(['active'], 0, -1, true),
    queue.getRanges(['wait'], 0, -1, true),
    queue.getRanges(['prioritized'], 0, -1, true),
  ]);
  return { running, queued: [...waiting, ...prioritized] };
}

/** The priority that puts a new run after every queued one. */
export async function nextPriority(queue: Queue<JobData>, redis: Redis): Promise<number> {
  const last = await redis.zrange(queue.toKey('prioritized'), '-1', '-1', 'WITHSCORES');
  const priority = last[1] ? Math.floor(Number(last[1]) / PRIORITY_SCALE) + 1 : 1;
  if (priority <= MAX_PRIORITY) return priority;
  // Only after two million runs without the queue ever emptying: renumber, then append.
  const { queued } = await queueIds(queue);
  await renumber(queue, queued);
  return queued.length + 1;
}

/** Move a queued run to `position` (clamped); null when it is not queued. */
export async function moveRun(queue: Queue<JobData>, id: string, position: number): Promise<number | null> {
  const { queued } = await queueIds(queue);
  const from = queued.indexOf(id);
  if (from < 0) return null;
  queued.splice(from, 1);
  const to = Math.max(0, Math.min(position, queued.length));
  queued.splice(to, 0, id);
  await renumber(queue, queued);
  return to;
}

async function renumber(queue: Queue<JobData>, ids: string[]): Promise<void> {
  for (const [index, id] of ids.entries()) {
    const job = await queue.getJob(id);
    // A run a worker took meanwhile is no longer queued: nothing to reorder for it.
    await job?.changePriority({ priority: index + 1 }).catch(() => {});
  }
}
