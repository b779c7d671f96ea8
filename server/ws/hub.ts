/**
 * The WebSocket hub: greets each client with its id and the queue, relays engine events as JSON to the
 * run's subscribers (and to the client that queued it), previews as binary frames, queue changes to all.
 * Sending never waits: previews are dropped for clients whose send buffer is backed up, and a client that
 * cannot even keep up with JSON events is disconnected.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer } from 'ws';
import type { EngineEvent } from '../../core/events.ts';
import type { QueueState, ServerMessage } from '../../core/protocol.ts';
import type { RunQueue } from '../queue/queue.ts';
import { parseClientMessage } from './client-message.ts';
import { previewFrame } from './preview-frame.ts';

export interface HubOptions {
  heartbeatMs?: number;
  /** Above this many buffered bytes a client gets no previews. */
  previewBufferLimit?: number;
  /** Above this many buffered bytes a client is disconnected. */
  disconnectBufferLimit?: number;
  /** At most this many clients at once; more are refused (503) before upgrading. */
  maxClients?: number;
  /**
   * Bytes buffered across all clients: above half of it no client gets previews, above it the most backed-up
   * clients are disconnected until the total is under it again.
   */
  totalBufferLimit?: number;
}

/** Defaults: 100 clients; 1 MB / 32 MB per client (previews / disconnect); 64 MB across all clients. */
export const WS_LIMITS = {
  maxClients: 100,
  previewBufferLimit: 1 << 20,
  disconnectBufferLimit: 32 << 20,
  totalBufferLimit: 64 << 20,
} as const;

interface Client {
  clientId: string;
  subscriptions: Set<string>;
  alive: boolean;
}

const CLIENT_ID = /^[A-Za-z0-9_-]{1,64}$/;
const MAX_SUBSCRIPTIONS = 256;

export class WsHub {
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
  private readonly clients = new Map<WebSocket, Client>();
  private readonly heartbeat: NodeJS.Timeout;
  private readonly previewBufferLimit: number;
  private readonly disconnectBufferLimit: number;
  private readonly totalBufferLimit: number;
  readonly maxClients: number;
  /** Clients disconnected because the total buffered across all clients was over its limit. */
  droppedForTotal = 0;
  /** Previews dropped for slow clients (for tests and the bench). */
  droppedPreviews = 0;

  constructor(
    /** The hub only listens to the queue and reads its state. */
    private readonly queue: Pick<RunQueue, 'on' | 'off' | 'state'>,
    options: HubOptions = {},
  ) {
    this.previewBufferLimit = options.previewBufferLimit ?? WS_LIMITS.previewBufferLimit;
    this.disconnectBufferLimit = options.disconnectBufferLimit ?? WS_LIMITS.disconnectBufferLimit;
    this.totalBufferLimit = options.totalBufferLimit ?? WS_LIMITS.totalBufferLimit;
    this.maxClients = options.maxClients ?? WS_LIMITS.maxClients;
    this.heartbeat = setInterval(() => this.checkAlive(), options.heartbeatMs ?? 30_000);
    this.heartbeat.unref();
    queue.on('changed', this.onQueueChanged);
    queue.on('event', this.onEngineEvent);
  }

  get size(): number {
    return this.clients.size;
  }

  /** No room for another client (the upgrade handler refuses it with 503). */
  get full(): boolean {
    return this.clients.size >= this.maxClients;
  }

  /** Bytes waiting in every client's send buffer. */
  totalBuffered(): number {
    let total = 0;
    for (const ws of this.clients.keys()) total += ws.bufferedAmount;
    return total;
  }

  /** Complete an upgrade the caller has already authorised. */
  accept(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    this.wss.handleUpgrade(req, socket, head, (ws) => this.connect(ws, req));
  }

  /** Say goodbye to every client; those that do not answer within `graceMs` are cut off. */
  async close(graceMs = 1000): Promise<void> {
    clearInterval(this.heartbeat);
    this.queue.off('changed', this.onQueueChanged);
    this.queue.off('event', this.onEngineEvent);
    const sockets = [...this.clients.keys()];
    this.clients.clear();
    const closed = sockets.map(
      (ws) =>
        new Promise<void>((resolve) =>
          ws.readyState === WebSocket.CLOSED ? resolve() : ws.once('close', () => resolve()),
        ),
    );
    for (const ws of sockets) ws.close(1001, 'server shutting down');
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.all(closed),
      new Promise((resolve) => (timer = setTimeout(resolve, graceMs))),
    ]);
    clearTimeout(timer);
    for (const ws of sockets) ws.terminate();
    this.wss.close();
  }

  private connect(ws: WebSocket, req: IncomingMessage): void {
    const requested = new URL(req.url ?? '/', 'http://x').searchParams.get('clientId');
    const client: Client = {
      clientId: requested && CLIENT_ID.test(requested) ? requested : randomUUID(),
      subscriptions: new Set(),
      alive: true,
    };
    this.clients.set(ws, client);
    ws.on('pong', () => {
      client.alive = true;
    });
    ws.on('message', (data, isBinary) => this.onMessage(client, data, isBinary));
    ws.on('close', () => this.clients.delete(ws));
    ws.on('error', () => ws.terminate());
    void Promise.resolve(this.queue.state()).then(
      (queue) => this.sendJson(ws, { type: 'hello', clientId: client.clientId, queue }),
      () => ws.close(1011, 'the queue is unavailable'),
    );
  }

  private onMessage(client: Client, data: WebSocket.RawData, isBinary: boolean): void {
    const message = isBinary ? null : parseClientMessage(data.toString());
    if (!message) return;
    if (message.type === 'subscribe' && client.subscriptions.size < MAX_SUBSCRIPTIONS)
      client.subscriptions.add(message.runId);
    else if (message.type === 'unsubscribe') client.subscriptions.delete(message.runId);
  }

  private readonly onQueueChanged = (queue: QueueState): void => {
    for (const ws of this.clients.keys()) this.sendJson(ws, { type: 'queue.changed', queue });
    this.enforceTotal();
  };

  private readonly onEngineEvent = (event: EngineEvent, ownerClientId: string | undefined): void => {
    const recipients = [...this.clients].filter(
      ([, c]) => c.subscriptions.has(event.runId) || c.subscriptions.has('*') || c.clientId === ownerClientId,
    );
    if (recipients.length === 0) return;
    if (event.type === 'node.preview') {
      const roomy = this.totalBuffered() <= this.totalBufferLimit / 2;
      const ready = roomy ? recipients.filter(([ws]) => ws.bufferedAmount <= this.previewBufferLimit) : [];
      this.droppedPreviews += recipients.length - ready.length;
      if (ready.length === 0) return;
      const frame = previewFrame(event);
      for (const [ws] of ready) if (ws.readyState === WebSocket.OPEN) ws.send(frame, { binary: true });
      return;
    }
    for (const [ws] of recipients) this.sendJson(ws, event);
    this.enforceTotal();
  };

  private sendJson(ws: WebSocket, message: ServerMessage): void {
    if (ws.readyState !== WebSocket.OPEN) return;
    if (ws.bufferedAmount > this.disconnectBufferLimit) {
      ws.terminate();
      return;
    }
    ws.send(JSON.stringify(message));
  }

  /**
   * Over the total: cut off the most backed-up clients until the total is under the limit again. Called once
   * per broadcast (it walks every client), not after each send.
   */
  private enforceTotal(): void {
    let total = this.totalBuffered();
    while (total > this.totalBufferLimit) {
      let worst: WebSocket | undefined;
      for (const ws of this.clients.keys())
        if (!worst || ws.bufferedAmount > worst.bufferedAmount) worst = ws;
      if (!worst) return;
      total -= worst.bufferedAmount;
      this.clients.delete(worst);
      worst.terminate();
      this.droppedForTotal++;
    }
  }

  private checkAlive(): void {
    for (const [ws, client] of this.clients) {
      if (!client.alive) {
        ws.terminate();
        continue;
      }
      client.alive = false;
      ws.ping();
    }
  }
}
