/**
 * Redis-mode bench (real processes: redis-server, one API server, N workers, a WebSocket client):
 * - queue overhead per run (POST /api/runs -> the run's first node.start on the WebSocket) and event latency
 *   (the worker's XADD, timed by the stream entry id, -> the WebSocket client) at p50/p95 for 1, 2, 4 and 8
 *   workers on a cheap CLIP-only workflow, with one submitter per worker keeping every worker busy;
 * - throughput of the full text->image chain (default steps) with 1 and 2 workers.
 */
import { Redis } from 'ioredis';
import type { ServerMessage } from '../core/protocol.ts';
import { connect, KEYS } from '../server/queue/redis/connection.ts';
import { publishEvent } from '../server/queue/redis/event-stream.ts';
import { similarityWorkflow } from '../test/queue/cheap-workflows.ts';
import {
  startApi,
  startRedis,
  startWorker,
  stop,
  stopAll,
  WORKER_TOKEN,
  type WorkerProcess,
} from '../test/queue/redis-harness.ts';
import { TestSocket } from '../test/server/harness.ts';
import { textToImage } from '../test/server/workflows.ts';
import { percentile } from './server.ts';

const CHEAP_RUNS_PER_WORKER = 12;
const FULL_RUNS = 8;
const DEFAULT_STEPS = { prior: 25, decoder: 25, upsampler1: 10, upsampler2: 10 };

/** Stream entry ids start with the Redis time of the XADD in ms: the moment the worker published. */
function publishTimes(url: string) {
  const times = new Map<string, number>();
  const redis = new Redis(url, { maxRetriesPerRequest: null });
  let open = true;
  const loop = (async () => {
    let last = '$';
    while (open) {
      const batch = await redis.xread('BLOCK', 1000, 'STREAMS', KEYS.events, last).catch(() => null);
      for (const [, entries] of batch ?? [])
        for (const [id, fields] of entries) {
          last = id;
          const { event } = JSON.parse(fields[1] as string) as { event: ServerMessage };
          times.set(keyOf(event), Number(id.split('-')[0]));
        }
    }
  })();
  return {
    times,
    close: async () => {
      open = false;
      await loop;
      redis.disconnect();
    },
  };
}

function keyOf(m: ServerMessage): string {
  const node = 'node' in m ? m.node : '';
  const step = 'step' in m ? m.step : '';
  return `${'runId' in m ? m.runId : ''}:${m.type}:${node}:${step}`;
}

const stats = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return `p50 ${percentile(sorted, 50).toFixed(1)} ms, p95 ${percentile(sorted, 95).toFixed(1)} ms (n=${sorted.length})`;
};

async function post(api: string, workflow: unknown, clientId: string): Promise<string> {
  const res = await fetch(`${api}/api/runs`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ workflow, clientId }),
  });
  if (res.status !== 202) throw new Error(`POST /api/runs answered ${res.status}: ${await res.text()}`);
  return ((await res.json()) as { id: string }).id;
}

/** Each submitter queues its next run when its previous one is done; returns submit -> node.start times. */
async function cheapLoad(api: string, ws: TestSocket, submitters: number): Promise<number[]> {
  const overheads: number[] = [];
  await Promise.all(
    Array.from({ length: submitters }, async (_, s) => {
      for (let i = 0; i < CHEAP_RUNS_PER_WORKER; i++) {
        const submitted = performance.now();
        const id = await post(api, similarityWorkflow(`a red circle ${s} ${i}`), 'bench');
        await ws.waitFor((m) => m.type === 'node.start' && m.runId === id);
        overheads.push(performance.now() - submitted);
        await ws.waitFor((m) => m.type === 'run.done' && m.runId === id);
      }
    }),
  );
  return overheads;
}

/** Receive times (epoch ms) of every JSON message, by event key. */
function receiveTimes(ws: TestSocket): Map<string, number> {
  const times = new Map<string, number>();
  ws.ws.on('message', (data, isBinary) => {
    if (!isBinary) times.set(keyOf(JSON.parse(String(data)) as ServerMessage), Date.now());
  });
  return times;
}

/** How many signed events per second one API server verifies and relays to a WebSocket client. */
async function relayCapacity(url: string, api: string): Promise<void> {
  const EVENTS = 5000;
  const ws = await TestSocket.open(api);
  ws.send({ type: 'subscribe', runId: '*' });
  const redis = connect({ url, workerToken: WORKER_TOKEN }, 'bench');
  const started = performance.now();
  for (let step = 1; step <= EVENTS; step++) {
    const event = {
      type: 'node.progress',
      runId: 'relay-bench',
      node: 'decoder',
      step,
      steps: EVENTS,
    } as const;
    await publishEvent(redis, WORKER_TOKEN, { event });
  }
  await ws.waitFor((m) => m.type === 'node.progress' && m.step === EVENTS, 120_000);
  const seconds = (performance.now() - started) / 1000;
  console.log(
    `API relay: ${EVENTS} signed events published and relayed in ${seconds.toFixed(2)} s = ${(EVENTS / seconds).toFixed(0)} events/s`,
  );
  redis.disconnect();
  ws.close();
}

export async function run(): Promise<void> {
  const redis = await startRedis();
  try {
    const api = await startApi(redis.url);
    const ws = await TestSocket.open(api.url, '?clientId=bench');
    const received = receiveTimes(ws);
    const published = publishTimes(redis.url);
    const workers: WorkerProcess[] = [];
    for (const count of [1, 2, 4, 8]) {
      while (workers.length < count) workers.push(await startWorker(redis.url));
      await cheapLoad(api.url, ws, count); // warm-up: every worker loads the CLIP sessions
      published.times.clear();
      received.clear();
      const overheads = await cheapLoad(api.url, ws, count);
      const latencies = [...published.times].flatMap(([key, at]) => {
        const got = received.get(key);
        return got === undefined ? [] : [got - at];
      });
      console.log(`${count} worker(s), cheap workflow: submit -> node.start ${stats(overheads)}`);
      console.log(`${count} worker(s): event latency worker -> WebSocket client ${stats(latencies)}`);
    }
    while (workers.length > 2) await stop((workers.pop() as WorkerProcess).child);
    for (const count of [2, 1]) {
      while (workers.length > count) await stop((workers.pop() as WorkerProcess).child);
      // Warm-up: one run per worker loads its sessions.
      const warm = await Promise.all(
        workers.map((_, w) => post(api.url, textToImage({ seed: 100 + w, steps: DEFAULT_STEPS }), 'bench')),
      );
      for (const id of warm) await ws.waitFor((m) => m.type === 'run.done' && m.runId === id, 600_000);
      const started = performance.now();
      const ids: string[] = [];
      for (let i = 0; i < FULL_RUNS; i++)
        ids.push(await post(api.url, textToImage({ seed: i + 1, steps: DEFAULT_STEPS }), 'bench'));
      for (const id of ids) await ws.waitFor((m) => m.type === 'run.done' && m.runId === id, 600_000);
      const seconds = (performance.now() - started) / 1000;
      console.log(
        `text->image (default steps), ${count} worker(s): ${FULL_RUNS} runs in ${seconds.toFixed(1)} s = ` +
          `${((FULL_RUNS / seconds) * 60).toFixed(1)} runs/min (${((seconds / FULL_RUNS) * 1000).toFixed(0)} ms per run)`,
      );
    }
    ws.close();
    await published.close();
    await relayCapacity(redis.url, api.url);
  } finally {
    await stopAll();
  }
}
