/**
 * startServer: the editor, the API and the WebSocket on one port. Wires the model registry, the engine, the
 * SQLite store and queue, the WebSocket hub and the access guard; refuses a non-loopback host without a token.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describeCatalog } from '../../nodes/catalog.ts';
import { Engine, TEMP_DIR } from '../engine/index.ts';
import { openQueue } from '../queue/open-queue.ts';
import { type ExecutionProvider, ModelRegistry } from '../runtime/index.ts';
import type { AccessGuard } from '../security/guard.ts';
import { HostPolicy, isLoopbackHost } from '../security/host-policy.ts';
import { TokenGate } from '../security/token.ts';
import { openDatabase } from '../store/database.ts';
import { ensureDir } from '../store/ensure-dir.ts';
import { DEFAULT_RETENTION, RetentionKeeper, type RetentionPolicy } from '../store/retention.ts';
import { WorkflowLibrary } from '../store/workflow-library.ts';
import { WsHub } from '../ws/hub.ts';
import { upgradeHandler } from '../ws/upgrade.ts';
import { createApp } from './app.ts';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface ServerOptions {
  /** Interface to bind (default 127.0.0.1). Anything but loopback requires a token. */
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  modelsDirs?: string[];
  /** Runs database, inputs/, outputs/ and workflows/ live here (default <repo>/data). */
  dataDir?: string;
  provider?: ExecutionProvider;
  /** Threads per model call (default: the cores available to the process). */
  threads?: number;
  /** Shared secret required on every API request and WebSocket (at least 16 characters). */
  token?: string;
  /** Further host names the server is reached by (checked against the Host header). */
  allowedHosts?: string[];
  editorDist?: string;
  /** redis:// or rediss:// URL: the BullMQ queue, executed by workers (default: the embedded SQLite queue). */
  queueUrl?: string;
  /** Redis mode: the secret that signs worker events (the same on every API server and worker). */
  workerToken?: string;
  /** Redis mode: execute runs in this process too. */
  localWorker?: boolean;
  /** WebSocket ping interval (default 30 s). */
  heartbeatMs?: number;
  /** What the data folder keeps (default DEFAULT_RETENTION); applied on start and after every finished run. */
  retention?: RetentionPolicy;
}

export interface RunningServer {
  /** Where to open it (a loopback address when bound to every interface). */
  url: string;
  /** The address actually bound, e.g. http://0.0.0.0:8787 or http://[::1]:8787. */
  address: string;
  port: number;
  close(): Promise<void>;
}

export async function startServer(opts: ServerOptions = {}): Promise<RunningServer> {
  const host = opts.host ?? '127.0.0.1';
  if (!isLoopbackHost(host) && !opts.token)
    throw new Error(
      `refusing to listen on ${host} without a token: anyone who can reach it could run workflows and read ` +
        'your images. Pass --token <secret> (or UNCLIP_TOKEN), or bind 127.0.0.1.',
    );
  const policy = new HostPolicy(host, opts.allowedHosts);
  const guard: AccessGuard = { policy };
  if (opts.token) guard.gate = new TokenGate(opts.token, () => `unclip_token_${policy.port}`);

  const dataDir = path.resolve(opts.dataDir ?? path.join(REPO_ROOT, 'data'));
  const dirs = {
    inputs: path.join(dataDir, 'inputs'),
    outputs: path.join(dataDir, 'outputs'),
    workflows: path.join(dataDir, 'workflows'),
  };
  for (const dir of Object.values(dirs)) await ensureDir(dir);

  const models = new ModelRegistry({
    dirs: opts.modelsDirs?.length ? opts.modelsDirs : [path.join(REPO_ROOT, 'models')],
    provider: opts.provider ?? 'cpu',
    ...(opts.threads ? { tuning: { threads: opts.threads } } : {}),
  });
  const engine = new Engine({ models, inputsDir: dirs.inputs, outputsDir: dirs.outputs });
  const db = openDatabase(dataDir);
  let opened: Awaited<ReturnType<typeof openQueue>>;
  try {
    opened = await openQueue({
      ...(opts.queueUrl ? { queueUrl: opts.queueUrl, localWorker: opts.localWorker ?? false } : {}),
      ...(opts.workerToken ? { workerToken: opts.workerToken } : {}),
      db,
      engine,
      models,
      inputsDir: dirs.inputs,
      outputsDir: dirs.outputs,
    });
  } catch (err) {
    db.close();
    throw err;
  }
  const { queue, workers } = opened;
  const app = createApp({
    guard,
    queue,
    workers,
    validate: (raw) => engine.validate(raw),
    catalog: describeCatalog,
    models,
    workflows: new WorkflowLibrary(dirs.workflows),
    inputsDir: dirs.inputs,
    outputsDir: dirs.outputs,
    editorDist: opts.editorDist ?? path.join(REPO_ROOT, 'editor', 'dist'),
  });
  const server = createServer(app);
  const hub = new WsHub(queue, opts.heartbeatMs ? { heartbeatMs: opts.heartbeatMs } : {});
  server.on('upgrade', upgradeHandler(hub, guard));

  try {
    await listen(server, opts.port ?? 0, host);
  } catch (err) {
    await Promise.all([hub.close(), queue.close()]);
    db.close();
    throw err;
  }
  policy.port = (server.address() as AddressInfo).port;
  queue.start();
  const retention = new RetentionKeeper(
    db,
    { inputs: dirs.inputs, outputs: dirs.outputs, previews: path.join(dirs.outputs, TEMP_DIR) },
    opts.retention ?? DEFAULT_RETENTION,
  );
  queue.on('event', (event) => {
    if (event.type === 'run.done' || event.type === 'run.error' || event.type === 'run.cancelled')
      void retention.schedule();
  });
  void retention.schedule();

  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= (async () => {
      const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      await Promise.all([hub.close(), queue.close()]);
      server.closeAllConnections();
      await stopped;
      await models.dispose();
      await retention.idle();
      db.close();
    })();
    return closing;
  };
  const urlHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  const bound = server.address() as AddressInfo;
  const address = `http://${bound.family === 'IPv6' ? `[${bound.address}]` : bound.address}:${bound.port}`;
  return { url: `http://${urlHost}:${policy.port}`, address, port: policy.port, close };
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException) => {
      reject(
        err.code === 'EADDRINUSE'
          ? new Error(
              `port ${port} on ${host} is already in use; pick another with --port (0 = any free port)`,
            )
          : err,
      );
    };
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve();
    });
  });
}
