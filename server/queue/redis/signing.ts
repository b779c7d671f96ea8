/**
 * Only holders of the worker token publish results: every event entry on the stream carries an HMAC-SHA256
 * over its JSON and the sha256 of every byte payload it refers to (preview pixels, output files). API
 * servers verify it (constant time) before relaying an event, recording a run or persisting a file.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** `json` is the entry's event text; `digests` the sha256 of the bytes it carries or names, in order. */
export function sign(token: string, json: string, digests: string[]): string {
  return createHmac('sha256', token).update(json).update('\n').update(digests.join(',')).digest('hex');
}

export function verify(token: string, json: string, digests: string[], signature: string): boolean {
  const expected = Buffer.from(sign(token, json, digests), 'hex');
  const given = Buffer.from(signature, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}
