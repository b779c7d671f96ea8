/** Read the text chunks (tEXt, zTXt, iTXt) of a PNG file: outputs carry their workflow under "workflow". */

import { MAX_JSON_BYTES } from '../../../core/limits.ts';

const SIGNATURE = [137, 80, 78, 71, 13, 10, 26, 10];

/** Text as UTF-8 when it is valid UTF-8 (as many writers do), else as the Latin-1 the PNG spec names. */
function decodeText(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('latin1').decode(bytes);
  }
}

/** Inflates a compressed chunk, giving up past MAX_JSON_BYTES (a workflow is at most the JSON body limit). */
async function inflate(bytes: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([bytes as BlobPart]).stream().pipeThrough(new DecompressionStream('deflate'));
  const reader = stream.getReader();
  const parts: Uint8Array[] = [];
  let total = 0;
  for (let r = await reader.read(); !r.done; r = await reader.read()) {
    total += r.value.length;
    if (total > MAX_JSON_BYTES) {
      await reader.cancel();
      throw new Error(`a PNG text chunk inflates to more than ${MAX_JSON_BYTES} bytes`);
    }
    parts.push(r.value);
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

export function isPng(bytes: Uint8Array): boolean {
  return SIGNATURE.every((b, i) => bytes[i] === b);
}

/** All text chunks by keyword (the first of each keyword wins). Throws when the bytes are not a PNG. */
export async function readPngText(bytes: Uint8Array): Promise<Record<string, string>> {
  if (!isPng(bytes)) throw new Error('not a PNG file');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out: Record<string, string> = {};
  let pos = 8;
  while (pos + 8 <= bytes.length) {
    const length = view.getUint32(pos);
    const type = String.fromCharCode(...bytes.subarray(pos + 4, pos + 8));
    const data = bytes.subarray(pos + 8, Math.min(pos + 8 + length, bytes.length));
    pos += 12 + length;
    if (type === 'IEND') break;
    if (type !== 'tEXt' && type !== 'zTXt' && type !== 'iTXt') continue;
    const nul = data.indexOf(0);
    if (nul < 1) continue;
    const key = new TextDecoder('latin1').decode(data.subarray(0, nul));
    if (Object.hasOwn(out, key)) continue;
    if (type === 'tEXt') out[key] = decodeText(data.subarray(nul + 1));
    else if (type === 'zTXt') out[key] = decodeText(await inflate(data.subarray(nul + 2)));
    else {
      const compressed = data[nul + 1] === 1;
      const langEnd = data.indexOf(0, nul + 3);
      const transEnd = data.indexOf(0, langEnd + 1);
      if (langEnd < 0 || transEnd < 0) continue;
      const text = data.subarray(transEnd + 1);
      out[key] = new TextDecoder().decode(compressed ? await inflate(text) : text);
    }
  }
  return out;
}
