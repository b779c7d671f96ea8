import { describe, expect, it } from 'vitest';
import { rgbaToTensor, tensorItemToRgba, tensorToRgba } from '../../../nodes/math/pixels.ts';
import { float32 } from '../../../nodes/tensor.ts';

describe('pixels', () => {
  it('maps [-1, 1] to round((x + 1) * 127.5), clamped, alpha 255', () => {
    // item 1 of a batch of 2, one pixel per channel: R = -1.5 (clamped), G = 0, B = 0.999
    const t = float32([2, 3, 1, 1], [0, 0, 0, -1.5, 0, 0.999]);
    const img = tensorItemToRgba(t, 1);
    expect(img).toMatchObject({ width: 1, height: 1 });
    expect(Array.from(img.rgba)).toEqual([0, 128, 255, 255]);
  });

  it('keeps the planar layout: channel planes become interleaved RGBA rows', () => {
    const t = float32([1, 3, 1, 2], [-1, 1, 1, -1, -1, -1]);
    expect(Array.from(tensorItemToRgba(t, 0).rgba)).toEqual([0, 255, 0, 255, 255, 0, 0, 255]);
  });

  it('round-trips 8-bit images exactly', () => {
    const rgba = Uint8Array.from([0, 17, 128, 255, 255, 254, 1, 9]);
    const t = rgbaToTensor([{ width: 2, height: 1, rgba }]);
    expect(t.dims).toEqual([1, 3, 1, 2]);
    const back = tensorToRgba(t)[0]!;
    expect(Array.from(back.rgba)).toEqual([0, 17, 128, 255, 255, 254, 1, 255]);
  });

  it('refuses mixed sizes and out-of-range items', () => {
    const a = { width: 1, height: 1, rgba: new Uint8Array(4) };
    const b = { width: 2, height: 1, rgba: new Uint8Array(8) };
    expect(() => rgbaToTensor([a, b])).toThrow(/2x1/);
    expect(() => tensorItemToRgba(float32([1, 3, 1, 1]), 1)).toThrow(/batch of 1/);
  });
});
