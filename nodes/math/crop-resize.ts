/**
 * Antialiased resizing for CLIP-style preprocessing: box (area) filter when shrinking, bicubic when
 * growing; resize the short side, then centre-crop a square.
 */
import { type Float32Tensor, float32 } from '../tensor.ts';
import { clampTensor, resizeBicubic } from './resize.ts';

/** Per output position along one axis: the covered source pixels and their overlap weights (sum 1). */
function areaTaps(inSize: number, outSize: number): { start: number; weights: number[] }[] {
  const scale = inSize / outSize;
  const taps: { start: number; weights: number[] }[] = [];
  for (let o = 0; o < outSize; o++) {
    const lo = o * scale;
    const hi = (o + 1) * scale;
    const start = Math.floor(lo);
    const weights: number[] = [];
    for (let i = start; i < Math.min(Math.ceil(hi), inSize); i++)
      weights.push((Math.min(hi, i + 1) - Math.max(lo, i)) / scale);
    taps.push({ start, weights });
  }
  return taps;
}

/** Box-filter resize of each NCHW plane (for shrinking: every source pixel counts by covered area). */
export function resizeArea(t: Float32Tensor, height: number, width: number): Float32Tensor {
  if (t.dims.length !== 4) throw new Error(`resize needs an NCHW tensor, got [${t.dims.join(',')}]`);
  const [b = 0, c = 0, h = 0, w = 0] = t.dims;
  const ty = areaTaps(h, height);
  const tx = areaTaps(w, width);
  const out = new Float32Array(b * c * height * width);
  for (let p = 0; p < b * c; p++) {
    const base = p * h * w;
    for (let y = 0; y < height; y++)
      for (let x = 0; x < width; x++) {
        const { start: y0, weights: wy } = ty[y]!;
        const { start: x0, weights: wx } = tx[x]!;
        let acc = 0;
        for (let j = 0; j < wy.length; j++) {
          let row = 0;
          for (let k = 0; k < wx.length; k++) row += t.data[base + (y0 + j) * w + x0 + k]! * wx[k]!;
          acc += row * wy[j]!;
        }
        out[p * height * width + y * width + x] = acc;
      }
  }
  return float32([b, c, height, width], out);
}

/** Resize to height x width: area filter per axis pair when shrinking, bicubic (clamped to the input range) when growing. */
export function resizeAntialiased(t: Float32Tensor, height: number, width: number): Float32Tensor {
  const [, , h = 0, w = 0] = t.dims;
  if (h === height && w === width) return t;
  if (height <= h && width <= w) return resizeArea(t, height, width);
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (const v of t.data) {
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  }
  return clampTensor(resizeBicubic(t, height, width), lo, hi);
}

/** Scales the short side to `size` (long side truncated, as torchvision) and centre-crops size x size. */
export function resizeAndCenterCrop(t: Float32Tensor, size: number): Float32Tensor {
  const [b = 0, c = 0, h = 0, w = 0] = t.dims;
  const short = Math.min(h, w);
  const rh = h === short ? size : Math.max(size, Math.floor((h * size) / short));
  const rw = w === short ? size : Math.max(size, Math.floor((w * size) / short));
  const resized = resizeAntialiased(t, rh, rw);
  if (rh === size && rw === size) return resized;
  const top = Math.round((rh - size) / 2);
  const left = Math.round((rw - size) / 2);
  const out = new Float32Array(b * c * size * size);
  for (let p = 0; p < b * c; p++)
    for (let y = 0; y < size; y++) {
      const from = p * rh * rw + (top + y) * rw + left;
      out.set(resized.data.subarray(from, from + size), (p * size + y) * size);
    }
  return float32([b, c, size, size], out);
}

/** CLIP pixel_values from [-1, 1] images: to [0, 1], resize + centre crop, then (x - mean) / std per channel. */
export function clipPixelValues(
  pixels: Float32Tensor,
  size: number,
  mean: readonly [number, number, number],
  std: readonly [number, number, number],
): Float32Tensor {
  const unit = float32(
    pixels.dims,
    pixels.data.map((v) => (v + 1) / 2),
  );
  const cropped = clampTensor(resizeAndCenterCrop(unit, size), 0, 1);
  const [b = 0, c = 0] = cropped.dims;
  if (c !== 3) throw new Error(`CLIP needs 3-channel images, got ${c}`);
  const plane = size * size;
  const out = new Float32Array(cropped.data.length);
  for (let i = 0; i < b * 3; i++) {
    const ch = i % 3;
    for (let j = 0; j < plane; j++)
      out[i * plane + j] = (cropped.data[i * plane + j]! - mean[ch]!) / std[ch]!;
  }
  return float32(cropped.dims, out);
}
