import { describe, expect, it } from 'vitest';
import { clipPixelValues, resizeAndCenterCrop, resizeArea } from '../../../nodes/math/crop-resize.ts';
import { clampTensor, resizeBicubic } from '../../../nodes/math/resize.ts';
import { float32 } from '../../../nodes/tensor.ts';
import { compare, f32, loadFixture } from '../../helpers/fixtures.ts';

const close = (v: ArrayLike<number>, digits = 5) => Array.from(v, (x) => expect.closeTo(x, digits));

describe('resizeBicubic (torch F.interpolate bicubic, align_corners=False)', () => {
  it('matches torch upsampling a 2x4 plane to 3x6 (border taps clamped, overshoot kept)', () => {
    const x = float32([1, 1, 2, 4], [0, 1, 4, 9, 2, -1, 0.5, 3]);
    // torch.nn.functional.interpolate(x, size=(3, 6), mode='bicubic', align_corners=False), torch 1.13
    const torch = [
      -0.2905576527118683, 0.2065429985523224, 1.6492269039154053, 3.425100564956665, 7.205785274505615,
      9.973701477050781, 1.086805820465088, 0.2890625, 0.17100679874420166, 1.5842015743255615,
      4.335937976837158, 6.325520992279053, 2.4641690254211426, 0.37158203125, -1.3072125911712646,
      -0.25669625401496887, 1.4660930633544922, 2.6773438453674316,
    ];
    const y = resizeBicubic(x, 3, 6);
    expect(y.dims).toEqual([1, 1, 3, 6]);
    expect(Array.from(y.data)).toEqual(close(torch));
  });

  it('matches torch downscaling 4x4 -> 2x2 (no antialias)', () => {
    const y = resizeBicubic(
      float32(
        [1, 1, 4, 4],
        Array.from({ length: 16 }, (_, i) => i),
      ),
      2,
      2,
    );
    expect(Array.from(y.data)).toEqual(close([2.03125, 4.21875, 10.78125, 12.96875]));
  });

  it("reproduces the bundle's upsampler low_res conditioning (golden fixture)", () => {
    const fx = loadFixture('sample_text_to_image.json');
    for (const [prev, stage] of [
      ['decoder.out', 'upsampler1'],
      ['upsampler1.out', 'upsampler2'],
    ] as const) {
      const want = f32(fx, `${stage}.low_res`);
      const got = clampTensor(resizeBicubic(f32(fx, prev), want.dims[2]!, want.dims[3]!), -1, 1);
      expect(got.dims).toEqual(want.dims);
      expect(compare(got.data, want.data).maxAbs, stage).toBeLessThan(5e-6);
    }
  });
});

describe('resizeArea', () => {
  it('averages 2x2 blocks when halving', () => {
    const y = resizeArea(float32([1, 1, 2, 4], [1, 3, 0, 0, 5, 7, 4, 8]), 1, 2);
    expect(Array.from(y.data)).toEqual(close([4, 3]));
  });

  it('weights partial pixels by covered area (3 -> 2)', () => {
    const y = resizeArea(float32([1, 1, 1, 3], [0, 3, 6]), 1, 2);
    expect(Array.from(y.data)).toEqual(close([1, 5]));
  });
});

describe('resizeAndCenterCrop and clipPixelValues', () => {
  it('resizes the short side and crops the middle', () => {
    // 2 x 6 -> short side 1: 1 x 3, centre crop 1 x 1 = the middle third averaged.
    const x = float32([1, 1, 2, 6], [0, 0, 1, 3, 0, 0, 0, 0, 1, 3, 0, 0]);
    const y = resizeAndCenterCrop(x, 1);
    expect(y.dims).toEqual([1, 1, 1, 1]);
    expect(y.data[0]).toBeCloseTo(2, 6);
  });

  it('maps [-1, 1] to (rgb01 - mean) / std per channel', () => {
    const x = float32([1, 3, 1, 1], [-1, 0, 1]);
    const y = clipPixelValues(x, 1, [0.5, 0.5, 0.25], [0.5, 0.25, 0.5]);
    expect(Array.from(y.data)).toEqual(close([-1, 0, 1.5]));
  });
});
