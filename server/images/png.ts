/**
 * PNG: a small deterministic encoder (8-bit RGB or RGBA, Paeth-filtered rows, node:zlib, tEXt chunks),
 * decoding through pngjs, and reading text chunks back (the "workflow" chunk every output carries).
 */
import { crc32, deflateSync, inflateSync } from 'node:zlib';
import pngjs from 'pngjs';
import { errorMessage } from '../../core/error-message.ts';
import { JsonLimitError, parseJsonLimited } from '../../core/json-depth.ts';
import { MAX_JSON_BYTES } from '../../core/limits.ts';
import { checkImageSize, ImageFormatError, type RgbaImage } from './raster.ts';

export const PNG_SIGNATURE = Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a);
/** The tEXt keyword holding the workflow JSON (the editor restores a workflow from a dropped PNG). */
export const WORKFLOW_KEYWORD = 'workflow';

/** One PNG chunk: length, type, body, CRC. */
export function pngChunk(type: string, body: Uint8Array): Buffer {
  const out = Buffer.alloc(12 + body.length);
  out.writeUInt32BE(body.length, 0);
  out.write(type, 4, 'latin1');
  out.set(body, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + body.length)), 8 + body.length);
  return out;
}

function textChunk(keyword: string, text: string): Buffer {
  if (!/^[\x20-\x7e]{1,79}$/.test(keyword)) throw new Error(`invalid PNG text keyword "${keyword}"`);
  if ([...text].some((c) => c.charCodeAt(0) > 0xff))
    throw new Error(`tEXt "${keyword}" holds characters outside Latin-1`);
  return pngChunk('tEXt', Buffer.from(`${keyword}\0${text}`, 'latin1'));
}

/** JSON with every non-ASCII character written as \uXXXX: valid in a Latin-1 tEXt chunk and exact on reading. */
export function asciiJson(value: unknown): string {
  return JSON.stringify(value).replace(
    /[\u007f-\uffff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

/** Encode RGBA pixels as an 8-bit PNG (RGB unless `alpha`), with tEXt chunks in key order. */
export function encodePng(
  image: RgbaImage,
  options: { alpha?: boolean; text?: Record<string, string> } = {},
): Buffer {
  const { width, height, rgba } = image;
  if (rgba.length !== width * height * 4)
    throw new Error(`RGBA data has ${rgba.length} bytes, ${width}x${height} needs ${width * height * 4}`);
  const channels = options.alpha ? 4 : 3;
  const stride = width * channels;
  const raw = new Uint8Array(height * (stride + 1));
  const line = new Uint8Array(stride);
  let prev = new Uint8Array(stride);
  for (let y = 0; y < height; y++) {
    for (let x = 0, s = y * width * 4, d = 0; x < width; x++, s += 4, d += channels) {
      line[d] = rgba[s]!;
      line[d + 1] = rgba[s + 1]!;
      line[d + 2] = rgba[s + 2]!;
      if (channels === 4) line[d + 3] = rgba[s + 3]!;
    }
    const o = y * (stride + 1);
    raw[o] = 4; // Paeth
    for (let i = 0; i < stride; i++) {
      const left = i >= channels ? line[i - channels]! : 0;
      const upLeft = i >= channels ? prev[i - channels]! : 0;
      raw[o + 1 + i] = (line[i]! - paeth(left, prev[i]!, upLeft)) & 0xff;
    }
    prev = line.slice();
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, channels === 4 ? 6 : 2, 0, 0, 0], 8);
  const texts = Object.entries(options.text ?? {}).map(([k, v]) => textChunk(k, v));
  return Buffer.concat([
    PNG_SIGNATURE,
    pngChunk('IHDR', ihdr),
    ...texts,
    pngChunk('IDAT', deflateSync(raw, { level: 6 })),
    pngChunk('IEND', new Uint8Array(0)),
  ]);
}

export function isPng(bytes: Uint8Array): boolean {
  return bytes.length >= 8 && PNG_SIGNATURE.every((b, i) => bytes[i] === b);
}

/** Every chunk as (type, body), checking the signature and that lengths stay inside the file. */
function* chunks(bytes: Uint8Array): Generator<{ type: string; body: Buffer }> {
  if (!isPng(bytes)) throw new ImageFormatError('not a PNG file (bad signature)');
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let at = 8;
  while (at + 12 <= buf.length) {
    const length = buf.readUInt32BE(at);
    const type = buf.toString('latin1', at + 4, at + 8);
    if (at + 12 + length > buf.length) throw new ImageFormatError(`PNG chunk ${type} overruns the file`);
    yield { type, body: buf.subarray(at + 8, at + 8 + length) };
    if (type === 'IEND') return;
    at += 12 + length;
  }
}

/**
 * Inflates a compressed text chunk, stopping as soon as it passes MAX_JSON_BYTES (a workflow is at most the
 * JSON body limit): a 300 KB chunk that inflates to 300 MB costs a few milliseconds, not a gigabyte.
 */
function inflateText(keyword: string, data: Uint8Array): Buffer {
  try {
    return inflateSync(data, { maxOutputLength: MAX_JSON_BYTES });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE')
      throw new ImageFormatError(`PNG text chunk "${keyword}" inflates to more than ${MAX_JSON_BYTES} bytes`);
    throw new ImageFormatError(`PNG text chunk "${keyword}" is not valid compressed data`);
  }
}

/** The text chunks (tEXt, zTXt, iTXt) of a PNG, by keyword; the first of a repeated keyword wins. */
export function readPngText(bytes: Uint8Array): Record<string, string> {
  const out: Record<string, string> = {};
  for (const { type, body } of chunks(bytes)) {
    const nul = body.indexOf(0);
    if (nul < 1 || nul > 79) continue;
    const keyword = body.toString('latin1', 0, nul);
    if (Object.hasOwn(out, keyword)) continue;
    if (type === 'tEXt') out[keyword] = body.toString('latin1', nul + 1);
    else if (type === 'zTXt') out[keyword] = inflateText(keyword, body.subarray(nul + 2)).toString('latin1');
    else if (type === 'iTXt') {
      const compressed = body[nul + 1] === 1;
      const langEnd = body.indexOf(0, nul + 3);
      const transEnd = langEnd < 0 ? -1 : body.indexOf(0, langEnd + 1);
      if (transEnd < 0) continue;
      const data = body.subarray(transEnd + 1);
      out[keyword] = (compressed ? inflateText(keyword, data) : data).toString('utf8');
    }
  }
  return out;
}

/** The workflow embedded in a PNG's "workflow" text chunk, parsed; null when the PNG has none. */
export function readPngWorkflow(bytes: Uint8Array): unknown {
  const text = readPngText(bytes)[WORKFLOW_KEYWORD];
  if (text === undefined) return null;
  if (text.length > MAX_JSON_BYTES)
    throw new ImageFormatError(`the PNG "workflow" chunk is longer than ${MAX_JSON_BYTES} bytes`);
  try {
    return parseJsonLimited(text);
  } catch (err) {
    if (err instanceof JsonLimitError) throw new ImageFormatError(`the PNG "workflow" chunk: ${err.message}`);
    throw new ImageFormatError('the PNG "workflow" chunk is not valid JSON');
  }
}

/** Decode any PNG (palette, grey, 16-bit, interlaced) to 8-bit RGBA, refusing oversized images first. */
export function decodePng(bytes: Uint8Array): RgbaImage {
  const first = chunks(bytes).next().value;
  if (first?.type !== 'IHDR' || first.body.length < 13) throw new ImageFormatError('PNG has no IHDR chunk');
  checkImageSize(first.body.readUInt32BE(0), first.body.readUInt32BE(4), 'PNG');
  let png: { width: number; height: number; data: Uint8Array };
  try {
    png = pngjs.PNG.sync.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  } catch (err) {
    throw new ImageFormatError(`cannot decode PNG: ${errorMessage(err)}`);
  }
  checkImageSize(png.width, png.height, 'PNG'); // the decoded frame, whatever the first IHDR said
  return { width: png.width, height: png.height, rgba: new Uint8Array(png.data) };
}
