/**
 * Redis mode under failure and abuse, across processes: Redis restarting (with persistence the queued runs
 * survive; the API and both workers reconnect by themselves), events not signed with the worker token
 * refused, and the 429 limit counting runs queued through another API server.
 */
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EngineEvent } from '../../core/events.ts';
import type { QueueState, RunDetail } from '../../core/protocol.ts';
import { connect } from '../../server/queue/redis/connection.ts';
import { publishEvent } from '../../server/queue/redis/event-stream.ts';
import { RedisRunQueue } from '../../server/queue/redis/redis-queue.ts';
import { getJson, postJson, TestSocket, tempDir } from '../server/harness.ts';
import { similarityWorkflow } from './cheap-workflows.ts';
import {
  type ApiProcess,
  isRun,
  startApi,
  startRedis,
  startWorker,
  stopAll,
  type TestRedis,
  until,
  WORKER_TOKEN,
} from './redis-harness.ts';

describe('Redis restarts, forged events and the queue limit', () => {
  let redis: TestRedis;
  let api: ApiProcess;
  let ws: TestSocket;

  beforeAll(async () => {
    redis = await startRedis({ persist: true });
    api = await startApi(redis.url);
    await Promise.all([startWorker(redis.url), startWorker(redis.url)]);
    ws = await TestSocket.open(api.url);
    ws.send({ type: 'subscribe', runId: '*' });
  });
  afterAll(async () => {
    ws?.close();
    await stopAll();
  });

  const queueState = async () =>
    getJson<QueueState>(`${api.url}/api/queue`).catch(() => ({ status: 0, body: undefined }));
  const queue = async (workflow: unknown) => {
    const res = await postJson(`${api.url}/api/runs`, { workflow });
    expect(res.status).toBe(202);
    return (res.body as { id: string }).id;
  };

  it('keeps queued runs and the pause through a Redis restart; the API and workers reconnect', async () => {
    await postJson(`${api.url}/api/queue/pause`, {});
    const ids = [
      await queue(similarityWorkflow('a red circle')),
      await queue(similarityWorkflow('a blue cross')),
    ];
    await redis.stop();
    await redis.start();
    const state = await until(queueState, (s) => s.status === 200);
    expect(state.body).toEqual({ paused: true, queued: ids });
    expect((await postJson(`${api.url}/api/queue/resume`, {})).status).toBe(200);
    ids.push(await queue(similarityWorkflow('a green ring')));
    for (const id of ids) await ws.waitFor(isRun('run.done', id), 60_000);
    for (const id of ids)
      expect((await getJson<RunDetail>(`${api.url}/api/runs/${id}`)).body.status).toBe('done');
  }, 180_000);

  it('refuses events that are not signed with the worker token', async () => {
    await postJson(`${api.url}/api/queue/pause`, {});
    const id = await queue(similarityWorkflow('a forged result'));
    const redisClient = connect({ url: redis.url, workerToken: WORKER_TOKEN }, 'test');
    try {
      const forged: EngineEvent = { type: 'run.done', runId: id, outputs: {}, files: [], ms: 1 };
      await publishEvent(redisClient, 'not-the-worker-token-000', { event: forged });
      // The stream is read in order: once this signed event arrives, the forged one was handled before it.
      await publishEvent(redisClient, WORKER_TOKEN, {
        event: { type: 'node.cached', runId: id, node: 'text' },
      });
      await ws.waitFor(isRun('node.cached', id));
    } finally {
      redisClient.disconnect();
    }
    expect(ws.messages.some(isRun('run.done', id))).toBe(false);
    expect((await getJson<RunDetail>(`${api.url}/api/runs/${id}`)).body.status).toBe('queued');
  }, 180_000);

  it('answers 429 when 1000 runs wait, counting runs queued through another API server', async () => {
    const scratch = tempDir('other-api');
    const other = new RedisRunQueue(
      { url: redis.url, workerToken: WORKER_TOKEN },
      { inputsDir: scratch, outputsDir: scratch },
    );
    try {
      await other.ready();
      const waiting = (await other.state()).queued.length;
      const workflow = similarityWorkflow('filler');
      for (let i = waiting; i < 1000; i += 50)
        await Promise.all(Array.from({ length: Math.min(50, 1000 - i) }, () => other.enqueue(workflow)));
      expect((await other.state()).queued).toHaveLength(1000);
      const res = await postJson(`${api.url}/api/runs`, { workflow });
      expect(res.status).toBe(429);
      expect(res.body).toMatchObject({ error: expect.stringMatching(/queue is full/) });
    } finally {
      await other.close();
      rmSync(scratch, { recursive: true, force: true });
    }
  }, 180_000);
});
