/** Hostile images for the intake tests and the fuzz suite: fake JPEG frame headers, extreme aspects, text bombs. */
import { deflateSync } from 'node:zlib';
import jpeg from 'jpeg-js';
import { encodePng, pngChunk } from '../../server/images/index.ts';

export function solidPng(width: number, height: number, text?: Record<string, string>): Buffer {
  return encodePng({ width, height, rgba: new Uint8Array(width * height * 4).fill(128) }, { text });
}

export function solidJpeg(width: number, height: number): Buffer {
  const data = Buffer.alloc(width * height * 4, 200);
  return Buffer.from(jpeg.encode({ data, width, height }, 50).data);
}

/**
 * A JPEG whose real frame is width x height, with a fake 16x16 SOF0 hidden in a DHT segment: the segment's
 * declared length ends inside its symbol table, so a scanner that trusts lengths lands on the fake SOF, while
 * the decoder reads the whole table and goes on to the real frame.
 */
export function fakeSofJpeg(width = 16000, height = 16): Buffer {
  const real = solidJpeg(width, height);
  const fakeSof = [0xff, 0xc0, 0x00, 0x11, 0x08, 0x00, 0x10, 0x00, 0x10, 0x01, 0x01, 0x11, 0x00, 0, 0, 0];
  const counts = new Array(16).fill(0);
  counts[15] = fakeSof.length; // 16 codes of 16 bits: a valid (unused) AC table 3
  const dht = Buffer.from([0xff, 0xc4, 0x00, 19, 0x13, ...counts, ...fakeSof]);
  return Buffer.concat([real.subarray(0, 2), dht, real.subarray(2)]);
}

/** A small PNG with a zTXt (or compressed iTXt) "workflow" chunk that inflates to `inflated` bytes of spaces. */
export function textBombPng(inflated: number, type: 'zTXt' | 'iTXt' = 'zTXt'): Buffer {
  const packed = deflateSync(Buffer.alloc(inflated, 0x20), { level: 9 });
  const head =
    type === 'zTXt' ? Buffer.from('workflow\0\0', 'latin1') : Buffer.from('workflow\0\x01\0\0\0', 'latin1');
  const png = solidPng(2, 2);
  const iend = png.length - 12;
  return Buffer.concat([
    png.subarray(0, iend),
    pngChunk(type, Buffer.concat([head, packed])),
    png.subarray(iend),
  ]);
}
