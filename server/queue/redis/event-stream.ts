/**
 * Engine events across processes: a Redis stream (`unclip:events`) that workers append to (XADD, trimmed to
 * about STREAM_MAX_LEN entries) and every API server reads with blocking XREAD, in order. A stream rather
 * than pub/sub because an API server that loses its connection for a moment (Redis restart, network) resumes
 * from the last entry it read: JSON events are not dropped. Preview pixels travel as a byte field.
 */
import type { Redis } from 'ioredis';
import type { EngineEvent } from '../../../core/events.ts';
import { KEYS } from './connection.ts';
import { sha256, sign, verify } from './signing.ts';

export const STREAM_MAX_LEN = 5000;
/** How long one blocking read waits on Redis (close() does not wait for it). */
const BLOCK_MS = 2000;

export interface StreamEntry {
  event: EngineEvent;
  clientId?: string;
  /** Output files the worker stored in Redis with this event: name -> sha256. */
  files?: Record<string, string>;
}

type PreviewEvent = Extract<EngineEvent, { type: 'node.preview' }>;

/** What an entry's signature covers besides its JSON: the preview pixels' sha256, then the files' digests. */
function digestsOf(rgba: Buffer | undefined, files: StreamEntry['files']): string[] {
  return [...(rgba ? [sha256(rgba)] : []), ...Object.values(files ?? {})];
}

export async function publishEvent(redis: Redis, token: string, entry: StreamEntry): Promise<void> {
  const { event } = entry;
  const rgba = event.type === 'node.preview' ? Buffer.from(event.image.rgba) : undefined;
  const bare = rgba ? { ...event, image: { ...(event as PreviewEvent).image, rgba: [] } } : event;
  const json = JSON.stringify({ event: bare, clientId: entry.clientId, files: entry.files });
  const fields: (string | Buffer)[] = ['e', json, 's', sign(token, json, digestsOf(rgba, entry.files))];
  if (rgba) fields.push('p', rgba);
  await redis.xadd(KEYS.events, 'MAXLEN', '~', STREAM_MAX_LEN, '*', ...fields);
}

/** Reads the stream from "now" on; `onEntry` is awaited for each verified entry, so entries stay in order. */
export class EventStreamReader {
  private closed = false;
  /** Resolves on close(): a read that ioredis re-queued while Redis is down would otherwise never settle. */
  private readonly stopped: Promise<null>;
  private stop: () => void = () => {};
  private readonly loop: Promise<void>;
  /** Entries refused because their signature did not verify (a process without the worker token). */
  refused = 0;

  constructor(
    private readonly redis: Redis,
    private readonly token: string,
    private readonly onEntry: (entry: StreamEntry) => Promise<void>,
  ) {
    this.stopped = new Promise((resolve) => (this.stop = () => resolve(null)));
    this.loop = this.read();
  }

  /** Stops reading; waits for the entry being relayed, if any, but not for Redis. */
  async close(): Promise<void> {
    this.closed = true;
    this.stop();
    this.redis.disconnect();
    await this.loop;
  }

  private async read(): Promise<void> {
    let last = '$';
    while (!this.closed) {
      let batch: [Buffer, [Buffer, Buffer[]][]][] | null;
      try {
        const read = this.redis.xreadBuffer('BLOCK', BLOCK_MS, 'STREAMS', KEYS.events, last);
        read.catch(() => {});
        batch = await Promise.race([read, this.stopped]);
      } catch {
        // The connection dropped: ioredis reconnects; wait for it instead of spinning.
        await Promise.race([new Promise((resolve) => this.redis.once('ready', resolve)), this.stopped]);
        continue;
      }
      for (const [, entries] of batch ?? []) {
        for (const [id, fields] of entries) {
          last = id.toString();
          const entry = this.decode(fields);
          if (!entry) continue;
          try {
            await this.onEntry(entry);
          } catch (error) {
            console.error('relaying a worker event failed:', error);
          }
        }
      }
    }
  }

  private decode(fields: Buffer[]): StreamEntry | undefined {
    const map = new Map<string, Buffer>();
    for (let i = 0; i + 1 < fields.length; i += 2) map.set(String(fields[i]), fields[i + 1] as Buffer);
    const json = map.get('e')?.toString();
    const signature = map.get('s')?.toString() ?? '';
    const rgba = map.get('p');
    if (!json) return undefined;
    let entry: StreamEntry;
    try {
      entry = JSON.parse(json) as StreamEntry;
    } catch {
      return undefined;
    }
    if (!verify(this.token, json, digestsOf(rgba, entry.files), signature)) {
      if (this.refused++ === 0) console.error('refused an event not signed with the worker token');
      return undefined;
    }
    if (entry.event.type === 'node.preview' && rgba) entry.event.image.rgba = new Uint8Array(rgba);
    return entry;
  }
}
