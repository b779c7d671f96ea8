/**
 * The HTTP upgrade handler for /ws: Host, Origin and token are checked BEFORE the upgrade; a refused
 * request gets a plain HTTP error and the socket is closed, so no WebSocket ever opens.
 */

import type { IncomingMessage } from 'node:http';
import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import { type AccessGuard, checkAccess } from '../security/guard.ts';
import type { WsHub } from './hub.ts';

export const WS_PATH = '/ws';

export function upgradeHandler(hub: WsHub, guard: AccessGuard) {
  return (req: IncomingMessage, socket: Duplex, head: Buffer): void => {
    socket.on('error', () => socket.destroy());
    const pathname = new URL(req.url ?? '/', 'http://x').pathname;
    const refusal =
      pathname === WS_PATH
        ? checkAccess(req, guard, { api: false, websocket: true })
        : { status: 404, error: `no WebSocket endpoint at ${pathname.slice(0, 200)}` };
    if (refusal) refuse(socket, refusal.status, refusal.error);
    else if (hub.full) refuse(socket, 503, `too many WebSocket clients (${hub.maxClients}); try again later`);
    else hub.accept(req, socket, head);
  };
}

function refuse(socket: Duplex, status: number, message: string): void {
  const body = JSON.stringify({ error: message });
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\n` +
      'Connection: close\r\n' +
      'Content-Type: application/json; charset=utf-8\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n` +
      body,
  );
}
