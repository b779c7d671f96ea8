/** Conversions between [-1, 1] NCHW image tensors and 8-bit RGBA images (previews, PNG files, uploads). */
import type { PreviewImage } from '../../core/events.ts';
import { type Float32Tensor, float32 } from '../tensor.ts';

/** An 8-bit RGBA image, row-major (the same shape as a preview frame's image). */
export type RgbaImage = PreviewImage;

/** Item `index` of a [B, 3, H, W] tensor in [-1, 1] as RGBA8: round((x + 1) * 127.5), clamped, alpha 255. */
export function tensorItemToRgba(t: Float32Tensor, index: number): RgbaImage {
  const [b = 0, c = 0, height = 0, width = 0] = t.dims;
  if (t.dims.length !== 4 || c !== 3) throw new Error(`expected [B,3,H,W] pixels, got [${t.dims.join(',')}]`);
  if (index < 0 || index >= b) throw new Error(`image ${index} of a batch of ${b}`);
  const plane = height * width;
  const base = index * 3 * plane;
  const rgba = new Uint8Array(plane * 4);
  for (let i = 0; i < plane; i++) {
    for (let ch = 0; ch < 3; ch++) {
      const v = Math.round((t.data[base + ch * plane + i]! + 1) * 127.5);
      rgba[i * 4 + ch] = Math.min(255, Math.max(0, Number.isNaN(v) ? 0 : v));
    }
    rgba[i * 4 + 3] = 255;
  }
  return { width, height, rgba };
}

/** Every item of a [B, 3, H, W] tensor as RGBA8. */
export function tensorToRgba(t: Float32Tensor): RgbaImage[] {
  return Array.from({ length: t.dims[0] ?? 0 }, (_, i) => tensorItemToRgba(t, i));
}

/** RGBA8 images of one size as a [B, 3, H, W] tensor in [-1, 1] (x / 127.5 - 1; alpha ignored). */
export function rgbaToTensor(images: readonly RgbaImage[]): Float32Tensor {
  const first = images[0];
  if (!first) throw new Error('no images');
  const { width, height } = first;
  const plane = width * height;
  const data = new Float32Array(images.length * 3 * plane);
  images.forEach((img, b) => {
    if (img.width !== width || img.height !== height)
      throw new Error(`image ${b} is ${img.width}x${img.height}, the first ${width}x${height}`);
    if (img.rgba.length !== plane * 4)
      throw new Error(`image ${b} has ${img.rgba.length} bytes, expected ${plane * 4}`);
    for (let i = 0; i < plane; i++)
      for (let ch = 0; ch < 3; ch++) data[(b * 3 + ch) * plane + i] = img.rgba[i * 4 + ch]! / 127.5 - 1;
  });
  return float32([images.length, 3, height, width], data);
}
