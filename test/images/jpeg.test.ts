import jpeg from 'jpeg-js';
import { describe, expect, it } from 'vitest';
import { decodeImage, imageFormat, jpegSize } from '../../server/images/index.ts';

function solidJpeg(width: number, height: number, rgb: [number, number, number]): Uint8Array {
  const data = new Uint8Array(width * height * 4);
  for (let i = 0; i < width * height; i++) data.set([...rgb, 255], i * 4);
  return jpeg.encode({ width, height, data }, 95).data;
}

describe('JPEG', () => {
  it('is recognised by its magic bytes and decoded to RGBA close to the source colour', () => {
    const bytes = solidJpeg(24, 10, [200, 40, 90]);
    expect(imageFormat(bytes)).toBe('jpeg');
    expect(jpegSize(bytes)).toEqual({ width: 24, height: 10 });
    const image = decodeImage(bytes);
    expect([image.width, image.height, image.rgba.length]).toEqual([24, 10, 24 * 10 * 4]);
    expect(Math.abs(image.rgba[0]! - 200)).toBeLessThan(4);
    expect(Math.abs(image.rgba[1]! - 40)).toBeLessThan(4);
    expect(Math.abs(image.rgba[2]! - 90)).toBeLessThan(4);
  });

  it('refuses a frame larger than the limit from its header', () => {
    const bytes = solidJpeg(8, 8, [0, 0, 0]);
    const { width } = jpegSize(bytes);
    // Patch the SOF width to 5000 without decoding the data.
    const buf = Buffer.from(bytes);
    const at = buf.indexOf(Buffer.from([0xff, 0xc0]));
    buf.writeUInt16BE(5000, at + 7);
    expect(width).toBe(8);
    expect(() => decodeImage(buf)).toThrow(/5000x8; the largest accepted is 4096x4096/);
  });
});
