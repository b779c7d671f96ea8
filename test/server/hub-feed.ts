/** A WsHub on a real loopback socket fed by a plain emitter standing in for the queue (hub tests). */
import { EventEmitter } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { QueueState } from '../../core/protocol.ts';
import type { QueueEvents } from '../../server/queue/queue.ts';
import { HostPolicy } from '../../server/security/host-policy.ts';
import { WsHub } from '../../server/ws/hub.ts';
import { upgradeHandler } from '../../server/ws/upgrade.ts';

export class QueueFeed extends EventEmitter {
  state(): QueueState {
    return { paused: false, queued: [] };
  }
  override on<E extends keyof QueueEvents>(event: E, listener: QueueEvents[E]): this {
    return super.on(event, listener);
  }
  override off<E extends keyof QueueEvents>(event: E, listener: QueueEvents[E]): this {
    return super.off(event, listener);
  }
}

export async function startHub(options: ConstructorParameters<typeof WsHub>[1]) {
  const feed = new QueueFeed();
  const hub = new WsHub(feed, options);
  const policy = new HostPolicy('127.0.0.1');
  const server: Server = createServer((_req, res) => res.end());
  server.on('upgrade', upgradeHandler(hub, { policy }));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  policy.port = (server.address() as AddressInfo).port;
  const close = async () => {
    await hub.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return { feed, hub, url: `http://127.0.0.1:${policy.port}`, close };
}
