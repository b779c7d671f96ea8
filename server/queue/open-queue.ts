/**
 * Which queue a server runs on: the embedded SQLite queue (default; this process executes the runs), or
 * BullMQ on Redis (`--queue redis://...`), where workers execute them and this process only does too when
 * started with `--local-worker`. Also answers GET /api/workers for either.
 */
import { hostname } from 'node:os';
import type { WorkerInfo } from '../../core/protocol.ts';
import type { Engine } from '../engine/index.ts';
import type { ModelRegistry } from '../runtime/index.ts';
import type { Db } from '../store/database.ts';
import type { RunQueue } from './queue.ts';
import { redisSettings } from './redis/connection.ts';
import { RedisRunQueue } from './redis/redis-queue.ts';
import { RunWorker } from './redis/run-worker.ts';
import { SqliteRunQueue } from './sqlite-queue.ts';

export interface QueueSetup {
  /** redis:// or rediss:// URL; absent for the embedded queue. */
  queueUrl?: string;
  workerToken?: string;
  /** Redis mode: also execute runs in this process. */
  localWorker?: boolean;
  db: Db;
  engine: Engine;
  models: Pick<ModelRegistry, 'provider' | 'tuning'>;
  inputsDir: string;
  outputsDir: string;
}

export interface OpenedQueue {
  queue: RunQueue;
  workers(): Promise<WorkerInfo[]>;
}

export async function openQueue(setup: QueueSetup): Promise<OpenedQueue> {
  const self = {
    host: hostname(),
    provider: setup.models.provider,
    threads: setup.models.tuning.threads,
    concurrency: 1,
  };
  if (!setup.queueUrl) {
    const queue = new SqliteRunQueue(setup.db, setup.engine);
    const workers = async (): Promise<WorkerInfo[]> => {
      const { running } = queue.state();
      const info: WorkerInfo = { id: 'local', ...self, lastHeartbeat: new Date().toISOString() };
      return [running ? { ...info, run: running } : info];
    };
    return { queue, workers };
  }
  const settings = redisSettings(setup.queueUrl, setup.workerToken);
  const { inputsDir, outputsDir } = setup;
  const local = setup.localWorker
    ? new RunWorker({ settings, engine: setup.engine, inputsDir, outputsDir, ...self })
    : undefined;
  const queue = new RedisRunQueue(settings, { inputsDir, outputsDir }, local);
  await queue.ready();
  return { queue, workers: () => queue.workers() };
}
