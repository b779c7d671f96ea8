import { describe, expect, it } from 'vitest';
import { float32 } from '../../nodes/tensor.ts';
import { PreviewThrottle, previewImage } from '../../server/engine/preview.ts';

function batch(b: number, h: number, w: number, value: (item: number) => number) {
  const data = new Float32Array(b * 3 * h * w);
  for (let i = 0; i < b; i++) data.fill(value(i), i * 3 * h * w, (i + 1) * 3 * h * w);
  return float32([b, 3, h, w], data);
}

describe('previewImage', () => {
  it('shows the first item, downsized to at most 128 px keeping the aspect ratio', () => {
    const image = previewImage(batch(2, 512, 256, (i) => (i === 0 ? 1 : -1)));
    expect([image.width, image.height]).toEqual([64, 128]);
    expect([...image.rgba.subarray(0, 4)]).toEqual([255, 255, 255, 255]);
  });

  it('keeps small images at their size', () => {
    const image = previewImage(batch(1, 32, 32, () => -1));
    expect([image.width, image.height, image.rgba[0]]).toEqual([32, 32, 0]);
  });
});

describe('PreviewThrottle', () => {
  it('sends at most one preview per interval, and always the last step', () => {
    let now = 0;
    const throttle = new PreviewThrottle(250, () => now);
    const x0 = batch(1, 8, 8, () => 0);
    const sent: number[] = [];
    for (let step = 1; step <= 10; step++) {
      now = step * 100;
      if (throttle.offer(step, 10, x0)) sent.push(step);
    }
    expect(sent).toEqual([1, 4, 7, 10]);
  });
});
