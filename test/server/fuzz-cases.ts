/**
 * The adversarial fuzz cases (issue 11), each of which the server must refuse with a 4xx: structure (edge
 * order, nesting, huge batches, reserved key names) sent to POST /api/runs or PUT /api/workflows, and image
 * bytes (mutated PNG/JPEG headers and chunk lengths, truncations, bombs) sent to POST /api/inputs.
 */
import { crc32, deflateSync } from 'node:zlib';
import { pngChunk } from '../../server/images/index.ts';
import { deepArrayJson, upsamplerChain } from '../helpers/big-graphs.ts';
import { fakeSofJpeg, solidJpeg, solidPng, textBombPng } from '../helpers/image-bombs.ts';
import { textToImage } from './workflows.ts';

export interface FuzzCase {
  kind: string;
  method: 'POST' | 'PUT';
  path: string;
  contentType: string;
  body: string | Uint8Array;
}

/** mulberry32: a small seeded generator, so a failure can be replayed. */
export function random(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(list: readonly T[]): T => list[int(list.length)] as T;
  return { next, int, pick };
}
type Rng = ReturnType<typeof random>;

const RESERVED = ['__proto__', 'constructor', 'prototype'];
/** POST /api/runs (full validation) or PUT /api/workflows (format only: only for format errors). */
function json(kind: string, body: string, put: boolean): FuzzCase {
  return put
    ? { kind, method: 'PUT', path: '/api/workflows/fuzz', contentType: 'application/json', body }
    : {
        kind,
        method: 'POST',
        path: '/api/runs',
        contentType: 'application/json',
        body: `{"workflow":${body}}`,
      };
}

function edgeOrderCase(rng: Rng): FuzzCase {
  const wf = upsamplerChain(
    rng.pick([20, 200, 1000, 1990]),
    rng.pick(['reverse', 'random'] as const),
    rng.int(1e9),
  );
  const last = wf.nodes.length - 2;
  const defect = rng.int(3);
  if (defect === 0)
    wf.edges.find((e) => e.to.node === 'u0' && e.to.port === 'image')!.from.node = `u${last - 1}`;
  if (defect === 1)
    wf.edges.splice(
      wf.edges.findIndex((e) => e.to.port === 'model'),
      1,
    );
  if (defect === 2) (wf.nodes[2]!.params as Record<string, unknown>).stage = 3;
  const body = JSON.stringify(wf);
  // PUT only checks the format: there the defect is a reserved node id.
  return rng.next() < 0.2
    ? json('edge order', body.replace('"id":"u0"', '"id":"constructor"'), true)
    : json('edge order', body, false);
}

function nestingCase(rng: Rng): FuzzCase {
  const depth = rng.pick([65, 100, 1000, 20_000, 100_000]);
  const deep =
    rng.next() < 0.5 ? deepArrayJson(depth) : `${'{"a":'.repeat(depth - 1)}{}${'}'.repeat(depth - 1)}`;
  const base = JSON.stringify(textToImage());
  const spot = rng.int(3);
  const body =
    spot === 0
      ? base.replace('"params":{"bundle"', `"ui":{"deep":${deep}},"params":{"bundle"`)
      : spot === 1
        ? base.replace('"params":{"prompt"', `"params":{"x":${deep},"prompt"`)
        : base.replace('{"format"', `{"ui":{"d":${deep}},"format"`);
  return json('nesting', body, rng.next() < 0.3);
}

function batchCase(rng: Rng): FuzzCase {
  const wf = textToImage();
  const lines = (n: number) =>
    Array.from({ length: n }, (_, i) => String.fromCharCode(97 + (i % 26))).join('\n');
  const count = 1 + rng.int(16);
  const candidates = 1 + rng.int(Math.min(8, Math.floor(64 / count)));
  const prompts = Math.floor(64 / (count * candidates)) + 1 + rng.int(1000);
  wf.nodes[1]!.params.prompt = lines(Math.min(prompts, 2000));
  Object.assign(wf.nodes[2]!.params, { count, candidates });
  return json('huge batch', JSON.stringify(wf), false);
}

function namesCase(rng: Rng): FuzzCase {
  const name = rng.pick(RESERVED);
  const base = JSON.stringify(textToImage());
  const spots = [
    () => base.replace('"steps":3', `"${name}":{"steps":1},"steps":3`),
    () => base.replaceAll('"save"', `"${name}"`),
    () => base.replace('"port":"embedding"}}', `"port":"${name}"}}`),
    () => base.replace('{"format"', `{"${name}":{"a":1},"format"`),
    () => base.replace('"type":"image.save"', `"type":"image.save","${name}":{}`),
    () => base.replace('{"from":{', `{"${name}":{},"from":{`),
  ];
  const spot = rng.int(spots.length);
  // Unknown param and port names are validation errors (POST); the rest are format errors (PUT too).
  const formatError = spot !== 2 && (spot !== 0 || name === '__proto__');
  return json('key names', spots[spot]!(), formatError && rng.next() < 0.3);
}

const upload = (kind: string, body: Uint8Array): FuzzCase => ({
  kind,
  method: 'POST',
  path: '/api/inputs',
  contentType: 'application/octet-stream',
  body,
});

/** Sets a PNG's IHDR size (and its CRC, or not). */
function pngWithSize(width: number, height: number, fixCrc: boolean): Buffer {
  const png = Buffer.from(solidPng(32, 32));
  png.writeUInt32BE(width, 16);
  png.writeUInt32BE(height, 20);
  if (fixCrc) png.writeUInt32BE(crc32(png.subarray(12, 29)), 29);
  return png;
}

const BAD_SIZES: [number, number][] = [
  [0, 32],
  [32, 0],
  [5000, 32],
  [65535, 65535],
  [2 ** 31, 1],
  [4096, 1],
  [1, 4096],
  [2000, 10],
];

function pngCase(rng: Rng): FuzzCase {
  const kind = rng.int(5);
  if (kind === 0) {
    const [w, h] = rng.pick(BAD_SIZES);
    return upload('png header', pngWithSize(w, h, rng.next() < 0.7));
  }
  if (kind === 1) {
    const png = Buffer.from(solidPng(32, 32));
    const at = rng.pick([8, 33]); // the IHDR or the IDAT length field
    png.writeUInt32BE(rng.pick([0, 1, 12, 0x7fffffff, 0xffffffff, png.length]), at);
    return upload('png chunk length', png);
  }
  if (kind === 2) {
    const png = solidPng(32, 32);
    return upload('png truncated', png.subarray(0, 8 + rng.int(png.length - 20)));
  }
  if (kind === 3) {
    const png = Buffer.from(solidPng(8, 8));
    const at = rng.int(8);
    png[at] = png[at]! ^ (1 + rng.int(255));
    return upload('png signature', png);
  }
  // Bombs: a huge declared frame over a tiny deflated stream, or a text bomb on an over-wide frame.
  if (rng.next() < 0.5) {
    const side = rng.pick([8192, 30000, 65535]);
    const head = pngWithSize(side, side, true).subarray(0, 33);
    const idat = pngChunk('IDAT', deflateSync(Buffer.alloc(4 * 1024 * 1024)));
    return upload('png bomb', Buffer.concat([head, idat, pngChunk('IEND', new Uint8Array(0))]));
  }
  const bomb = textBombPng(8 * 1024 * 1024);
  bomb.writeUInt32BE(4096, 16);
  bomb.writeUInt32BE(2, 20);
  return upload('png text bomb', bomb);
}

let jpegBases: { small: Buffer; fakeWide: Buffer; fakeTall: Buffer } | undefined;
function jpegCase(rng: Rng): FuzzCase {
  jpegBases ??= {
    small: solidJpeg(32, 24),
    fakeWide: fakeSofJpeg(16000, 16),
    fakeTall: fakeSofJpeg(16, 1200),
  };
  const kind = rng.int(3);
  if (kind === 0) return upload('jpeg fake SOF', rng.next() < 0.5 ? jpegBases.fakeWide : jpegBases.fakeTall);
  const jpeg = Buffer.from(jpegBases.small);
  const sof = jpeg.indexOf(Buffer.from([0xff, 0xc0]));
  if (kind === 1) {
    const [w, h] = rng.pick(BAD_SIZES.filter(([a, b]) => a < 65536 && b < 65536));
    jpeg.writeUInt16BE(h, sof + 5);
    jpeg.writeUInt16BE(w, sof + 7);
    return upload('jpeg header', jpeg);
  }
  return upload('jpeg truncated', jpeg.subarray(0, 3 + rng.int(sof + 8)));
}

/** `count` cases, about half structure and half image bytes, in a seeded order. */
export function adversarialCases(count: number, seed: number): FuzzCase[] {
  const rng = random(seed);
  const makers = [edgeOrderCase, nestingCase, nestingCase, batchCase, batchCase, namesCase, namesCase];
  const images = [pngCase, pngCase, pngCase, jpegCase, jpegCase];
  return Array.from({ length: count }, (_, i) => (i % 2 ? rng.pick(images) : rng.pick(makers))(rng));
}
