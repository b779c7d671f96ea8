/** A real server on 127.0.0.1 (random port, temp data dir, the shipped models) and a WebSocket client for tests. */
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';
import { decodePreviewFrame, type PreviewHeader, type ServerMessage } from '../../core/protocol.ts';
import { type ServerOptions, startServer } from '../../server/http/server.ts';
import { SHIPPED_MODELS_DIR } from '../../server/runtime/index.ts';

export interface TestServer {
  url: string;
  port: number;
  dataDir: string;
  /** Host header value the server accepts. */
  host: string;
  close(): Promise<void>;
}

export function tempDir(prefix: string): string {
  return mkdtempSync(path.join(tmpdir(), `unclip-${prefix}-`));
}

export async function startTestServer(options: ServerOptions = {}): Promise<TestServer> {
  const dataDir = options.dataDir ?? tempDir('data');
  const server = await startServer({
    port: 0,
    modelsDirs: [SHIPPED_MODELS_DIR],
    editorDist: path.join(dataDir, 'no-editor'),
    ...options,
    dataDir,
  });
  return {
    url: server.url,
    port: server.port,
    dataDir,
    host: `127.0.0.1:${server.port}`,
    close: async () => {
      await server.close();
      if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export async function getJson<T = unknown>(
  url: string,
  init?: RequestInit,
): Promise<{ status: number; body: T }> {
  const res = await fetch(url, init);
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T };
}

export function postJson(url: string, body: unknown, method = 'POST') {
  return getJson(url, {
    method,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

export interface Preview {
  header: PreviewHeader;
  png: Uint8Array;
}

/** A WebSocket client that records every JSON message and binary preview. */
export class TestSocket {
  readonly messages: ServerMessage[] = [];
  readonly previews: Preview[] = [];
  private waiters: (() => void)[] = [];

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data, isBinary) => {
      const bytes = data as Buffer;
      if (isBinary) this.previews.push(decodePreviewFrame(new Uint8Array(bytes)));
      else this.messages.push(JSON.parse(bytes.toString()) as ServerMessage);
      for (const wake of this.waiters.splice(0)) wake();
    });
  }

  static open(baseUrl: string, query = '', headers: Record<string, string> = {}): Promise<TestSocket> {
    const ws = new WebSocket(`${baseUrl.replace(/^http/, 'ws')}/ws${query}`, { headers });
    return new Promise((resolve, reject) => {
      ws.once('open', () => resolve(new TestSocket(ws)));
      ws.once('unexpected-response', (_req, res) => reject(new Error(`upgrade refused: ${res.statusCode}`)));
      ws.once('error', reject);
    });
  }

  send(message: unknown): void {
    this.ws.send(JSON.stringify(message));
  }

  /**
   * Resolves once the server has handled every message sent before: a ping's pong is written only after the
   * frames ahead of it were read, and the hub handles each message as it is read.
   */
  flush(): Promise<void> {
    return new Promise((resolve) => {
      this.ws.once('pong', () => resolve());
      this.ws.ping();
    });
  }

  /** Resolve with the first recorded message matching, waiting for it if needed. */
  waitFor<T extends ServerMessage>(match: (m: ServerMessage) => m is T, timeoutMs?: number): Promise<T>;
  waitFor(match: (m: ServerMessage) => boolean, timeoutMs?: number): Promise<ServerMessage>;
  async waitFor(match: (m: ServerMessage) => boolean, timeoutMs = 60_000): Promise<ServerMessage> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.messages.find(match);
      if (found) return found;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out; got ${this.messages.map((m) => m.type).join(', ')}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  close(): void {
    this.ws.close();
  }
}

/** Whether a WebSocket upgrade with these headers is refused, and with which HTTP status. */
export function upgradeStatus(
  baseUrl: string,
  query: string,
  headers: Record<string, string>,
): Promise<number> {
  const ws = new WebSocket(`${baseUrl.replace(/^http/, 'ws')}/ws${query}`, { headers });
  return new Promise((resolve, reject) => {
    ws.once('open', () => {
      ws.close();
      resolve(101);
    });
    ws.once('unexpected-response', (_req, res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
      ws.terminate();
    });
    ws.once('error', reject);
  });
}

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

/** A request with full control of headers (Host included) and of the raw path (no URL normalisation). */
export function rawRequest(
  baseUrl: string,
  options: { method?: string; path: string; headers?: Record<string, string>; body?: Uint8Array | string },
): Promise<RawResponse> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: hostname, port, method: options.method ?? 'GET', path: options.path, headers: options.headers },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            text: Buffer.concat(chunks).toString(),
          }),
        );
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

/** Poll `read` until `ok` holds (for state that only shows through requests, e.g. heartbeats). */
export async function until<T>(
  read: () => Promise<T>,
  ok: (value: T) => boolean,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (ok(value)) return value;
    if (Date.now() > deadline)
      throw new Error(`timed out waiting; last value ${JSON.stringify(value).slice(0, 500)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
