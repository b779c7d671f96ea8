/** The Redis queue flags shared by `serve` and `worker`: --queue (or UNCLIP_QUEUE) and --worker-token. */
import { errorMessage } from '../../core/error-message.ts';
import { type RedisSettings, redisSettings } from '../queue/redis/connection.ts';
import { type CliIO, UsageError } from './io.ts';

export const QUEUE_FLAGS = {
  queue: { type: 'string' },
  'worker-token': { type: 'string' },
} as const;

export const QUEUE_FLAGS_HELP = `  --queue URL           redis://[:password@]host:port[/db] or rediss:// (TLS): run on BullMQ + Redis
                        (or UNCLIP_QUEUE; default: the embedded SQLite queue)
  --worker-token TOKEN  Secret that signs worker results, the same everywhere (or UNCLIP_WORKER_TOKEN)
`;

/** The Redis settings when a queue URL is given (checked, as a usage error), else undefined. */
export function queueSettingsOf(
  io: CliIO,
  values: { queue?: string; 'worker-token'?: string },
): RedisSettings | undefined {
  const url = values.queue ?? io.env.UNCLIP_QUEUE;
  if (!url) return undefined;
  try {
    return redisSettings(url, values['worker-token'] ?? io.env.UNCLIP_WORKER_TOKEN);
  } catch (err) {
    throw new UsageError(errorMessage(err));
  }
}
