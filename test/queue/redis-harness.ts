/**
 * Real processes for the Redis-mode tests: a `redis-server` on a free port in a temp dir, API servers
 * (`serve --queue`) and workers (`worker --queue`) spawned as separate node processes. Everything started is
 * stopped by stopAll(); nothing listens on a fixed port.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { rmSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ServerMessage } from '../../core/protocol.ts';
import { SHIPPED_MODELS_DIR } from '../../server/runtime/index.ts';
import { tempDir } from '../server/harness.ts';

export { until } from '../server/harness.ts';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const CLI = path.join(REPO, 'bin', 'unclip-studio.mjs');
export const WORKER_TOKEN = 'test-worker-token-0123456789';
const started = new Set<ChildProcess>();
const dirs: string[] = [];

/** A temp folder removed by stopAll(). */
function scratch(prefix: string): string {
  const dir = tempDir(prefix);
  dirs.push(dir);
  return dir;
}

export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  await once(server, 'close');
  return port;
}

/** Resolves with the first stdout match of `pattern`; rejects if the process exits first. */
function waitForLine(child: ChildProcess, pattern: RegExp, what: string): Promise<RegExpMatchArray> {
  return new Promise((resolve, reject) => {
    let seen = '';
    const onData = (chunk: Buffer) => {
      seen += chunk.toString();
      const match = seen.match(pattern);
      if (match) {
        child.stdout?.off('data', onData);
        child.off('exit', onExit);
        resolve(match);
      }
    };
    const onExit = (code: number | null) =>
      reject(new Error(`${what} exited (${code}) before it was ready:\n${seen}`));
    child.stdout?.on('data', onData);
    child.once('exit', onExit);
  });
}

function track(child: ChildProcess): ChildProcess {
  started.add(child);
  child.once('exit', () => started.delete(child));
  child.stderr?.on('data', (d: Buffer) => process.env.DEBUG_REDIS_TESTS && process.stderr.write(d));
  return child;
}

export async function stop(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
  const exited = once(child, 'exit');
  child.kill(signal);
  const [code] = await exited;
  return code as number | null;
}

export async function stopAll(): Promise<void> {
  await Promise.all([...started].map((child) => stop(child, 'SIGKILL')));
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}

export interface TestRedis {
  url: string;
  dir: string;
  stop(): Promise<void>;
  start(): Promise<void>;
}

/** A redis-server of its own; `persist` turns on the append-only file so a restart keeps the queue. */
export async function startRedis(options: { persist?: boolean } = {}): Promise<TestRedis> {
  const port = await freePort();
  const dir = scratch('redis');
  let child: ChildProcess | undefined;
  const redis: TestRedis = {
    url: `redis://127.0.0.1:${port}`,
    dir,
    async start() {
      const args = ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', ''];
      args.push('--appendonly', options.persist ? 'yes' : 'no', '--appendfsync', 'always');
      child = track(spawn('redis-server', args, { stdio: ['ignore', 'pipe', 'pipe'] }));
      await waitForLine(child, /Ready to accept connections/, 'redis-server');
    },
    async stop() {
      if (child) await stop(child);
    },
  };
  await redis.start();
  return redis;
}

function spawnCli(args: string[], env: Record<string, string> = {}): ChildProcess {
  return track(
    spawn(process.execPath, [CLI, ...args], {
      cwd: REPO,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, UNCLIP_WORKER_TOKEN: WORKER_TOKEN, UNCLIP_THREADS: '1', ...env },
    }),
  );
}

export interface ApiProcess {
  url: string;
  child: ChildProcess;
  dataDir: string;
}

export async function startApi(
  redisUrl: string,
  dataDir = scratch('api'),
  extraArgs: string[] = [],
): Promise<ApiProcess> {
  const child = spawnCli([
    'serve',
    '--port',
    '0',
    '--queue',
    redisUrl,
    '--data',
    dataDir,
    '--models',
    SHIPPED_MODELS_DIR,
    ...extraArgs,
  ]);
  const [, url] = await waitForLine(child, /listening on (http:\/\/\S+)/, 'the API server');
  return { url: url as string, child, dataDir };
}

export interface WorkerProcess {
  id: string;
  child: ChildProcess;
}

export async function startWorker(
  redisUrl: string,
  env: Record<string, string> = {},
): Promise<WorkerProcess> {
  const child = spawnCli(
    ['worker', '--queue', redisUrl, '--data', scratch('worker'), '--models', SHIPPED_MODELS_DIR],
    { UNCLIP_WORKER_LOCK_MS: '3000', UNCLIP_WORKER_HEARTBEAT_MS: '500', ...env },
  );
  const [, id] = await waitForLine(child, /worker (\S+) waiting for runs/, 'the worker');
  return { id: id as string, child };
}

/** Matches the `type` message of one run. */
export const isRun = (type: string, runId: string) => (m: ServerMessage) =>
  m.type === type && 'runId' in m && m.runId === runId;
