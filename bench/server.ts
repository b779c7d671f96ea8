/**
 * Server bench: time to first preview (cold and warm), 20 WebSocket clients x 5 queued runs each (all must
 * complete, none lost), RSS before/after, and GET /api/nodes latency while that load runs.
 * The server runs in this process on 127.0.0.1 with a temp data folder and the shipped bundle.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';
import type { ServerMessage } from '../core/protocol.ts';
import { startServer } from '../server/http/server.ts';
import { SHIPPED_MODELS_DIR } from '../server/runtime/index.ts';
import { textToImage } from '../test/server/workflows.ts';

const CLIENTS = 20;
const RUNS_PER_CLIENT = 5;
const TINY = { prior: 2, decoder: 2, upsampler1: 1, upsampler2: 1 };
const PREVIEW_STEPS = { prior: 3, decoder: 4, upsampler1: 2, upsampler2: 2 };

interface Client {
  id: string;
  ws: WebSocket;
  done: Set<string>;
  previews: number;
}

function connect(base: string, clientId: string): Promise<Client> {
  const ws = new WebSocket(`${base.replace(/^http/, 'ws')}/ws?clientId=${clientId}`);
  const client: Client = { id: clientId, ws, done: new Set(), previews: 0 };
  ws.on('message', (data, isBinary) => {
    if (isBinary) client.previews++;
    else {
      const m = JSON.parse(String(data)) as ServerMessage;
      if (m.type === 'run.done' || m.type === 'run.error' || m.type === 'run.cancelled')
        client.done.add(m.runId);
    }
  });
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve(client));
    ws.once('error', reject);
  });
}

async function queueRun(base: string, seed: number, steps: typeof TINY, clientId: string): Promise<string> {
  const res = await fetch(`${base}/api/runs`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ workflow: textToImage({ seed, steps }), clientId }),
  });
  if (res.status !== 202) throw new Error(`POST /api/runs answered ${res.status}: ${await res.text()}`);
  return ((await res.json()) as { id: string }).id;
}

async function until(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function timeToFirstPreview(base: string, seed: number): Promise<{ preview: number; done: number }> {
  const client = await connect(base, `ttfp-${seed}`);
  const t0 = performance.now();
  const id = await queueRun(base, seed, PREVIEW_STEPS, client.id);
  await until(() => client.previews > 0, 120_000, 'the first preview');
  const preview = performance.now() - t0;
  await until(() => client.done.has(id), 120_000, 'the run to finish');
  client.ws.close();
  return { preview, done: performance.now() - t0 };
}

export function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
const ms = (value: number) => `${value.toFixed(0)} ms`;

export async function run(): Promise<void> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'unclip-bench-server-'));
  const rssStart = process.memoryUsage().rss;
  const server = await startServer({ port: 0, dataDir, modelsDirs: [SHIPPED_MODELS_DIR] });
  const base = server.url;
  try {
    const cold = await timeToFirstPreview(base, 1);
    const warm = await timeToFirstPreview(base, 2);
    console.log(
      `time to first preview: cold ${ms(cold.preview)} (run ${ms(cold.done)}), warm ${ms(warm.preview)} (run ${ms(warm.done)})`,
    );

    const clients = await Promise.all(Array.from({ length: CLIENTS }, (_, i) => connect(base, `bench-${i}`)));
    const rssBefore = process.memoryUsage().rss;
    const latencies: number[] = [];
    let loadOver = false;
    const poller = (async () => {
      while (!loadOver) {
        const t0 = performance.now();
        const res = await fetch(`${base}/api/nodes`);
        await res.arrayBuffer();
        latencies.push(performance.now() - t0);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    })();

    const t0 = performance.now();
    const expected = new Map<Client, string[]>();
    await Promise.all(
      clients.map(async (client, c) => {
        const ids: string[] = [];
        for (let r = 0; r < RUNS_PER_CLIENT; r++)
          ids.push(await queueRun(base, 1000 + c * 10 + r, TINY, client.id));
        expected.set(client, ids);
      }),
    );
    const total = CLIENTS * RUNS_PER_CLIENT;
    const received = () =>
      clients.reduce((n, cl) => n + (expected.get(cl) ?? []).filter((id) => cl.done.has(id)).length, 0);
    await until(() => received() === total, 15 * 60_000, `${total} runs`);
    const seconds = (performance.now() - t0) / 1000;
    loadOver = true;
    await poller;
    const rssAfter = process.memoryUsage().rss;

    const page = (await (await fetch(`${base}/api/runs?limit=200`)).json()) as {
      history: { status: string }[];
    };
    const statuses = page.history.reduce<Record<string, number>>((acc, r) => {
      acc[r.status] = (acc[r.status] ?? 0) + 1;
      return acc;
    }, {});
    const sorted = latencies.sort((a, b) => a - b);
    console.log(
      `${CLIENTS} clients x ${RUNS_PER_CLIENT} runs: ${received()}/${total} completions received, lost ${total - received()}, in ${seconds.toFixed(1)} s (${(total / seconds).toFixed(2)} runs/s)`,
    );
    console.log(`run statuses in history: ${JSON.stringify(statuses)}`);
    console.log(`previews received by all clients: ${clients.reduce((n, cl) => n + cl.previews, 0)}`);
    console.log(
      `GET /api/nodes under load: n=${sorted.length} p50 ${percentile(sorted, 50).toFixed(1)} ms, p95 ${percentile(sorted, 95).toFixed(1)} ms, max ${sorted.at(-1)?.toFixed(1)} ms`,
    );
    console.log(
      `RSS (server and bench in one process): start ${mb(rssStart)}, before load ${mb(rssBefore)}, after load ${mb(rssAfter)}`,
    );
    for (const client of clients) client.ws.close();
  } finally {
    await server.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const entry = process.argv[1];
if (entry && import.meta.url === new URL(`file://${path.resolve(entry)}`).href) await run();
