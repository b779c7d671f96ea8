/** Parse a JSON message from a WebSocket client; anything malformed or unknown is ignored (null). */
import { z } from 'zod';
import type { ClientMessage } from '../../core/protocol.ts';

const runTarget = z.union([z.literal('*'), z.string().regex(/^[A-Za-z0-9_-]{1,64}$/)]);

const clientMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('subscribe'), runId: runTarget }).strict(),
  z.object({ type: z.literal('unsubscribe'), runId: runTarget }).strict(),
]);

export function parseClientMessage(text: string): ClientMessage | null {
  try {
    const parsed = clientMessageSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
