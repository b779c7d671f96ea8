/**
 * Bicubic resize as torch F.interpolate(mode='bicubic', align_corners=False, antialias=False):
 * Keys kernel with A = -0.75, src = (dst + 0.5) * in/out - 0.5, taps clamped to the border, no antialias.
 * Computed in float64; agrees with torch's float32 CPU kernel to float32 rounding (a few ulp). The
 * upsamplers' low_res conditioning is built with it.
 */
import { type Float32Tensor, float32 } from '../tensor.ts';

const A = -0.75;

/** Keys cubic kernel, |x| <= 1. */
function near(x: number): number {
  return ((A + 2) * x - (A + 3)) * x * x + 1;
}
/** Keys cubic kernel, 1 < |x| < 2. */
function far(x: number): number {
  return ((A * x - 5 * A) * x + 8 * A) * x - 4 * A;
}

interface Taps {
  index: Int32Array;
  weight: Float64Array;
}

/** The 4 source indices and weights of each output position along one axis. */
function cubicTaps(inSize: number, outSize: number): Taps {
  const scale = inSize / outSize;
  const index = new Int32Array(outSize * 4);
  const weight = new Float64Array(outSize * 4);
  for (let o = 0; o < outSize; o++) {
    const real = scale * (o + 0.5) - 0.5;
    const base = Math.min(Math.floor(real), inSize - 1);
    const t = Math.min(Math.max(real - base, 0), 1);
    const w = [far(t + 1), near(t), near(1 - t), far(2 - t)];
    for (let j = 0; j < 4; j++) {
      index[o * 4 + j] = Math.max(Math.min(base - 1 + j, inSize - 1), 0);
      weight[o * 4 + j] = w[j]!;
    }
  }
  return { index, weight };
}

/** Resizes every [H, W] plane of an NCHW tensor to height x width with torch's bicubic. */
export function resizeBicubic(t: Float32Tensor, height: number, width: number): Float32Tensor {
  const [b = 0, c = 0, h = 0, w = 0] = t.dims;
  if (t.dims.length !== 4) throw new Error(`resize needs an NCHW tensor, got [${t.dims.join(',')}]`);
  const ty = cubicTaps(h, height);
  const tx = cubicTaps(w, width);
  const out = new Float32Array(b * c * height * width);
  for (let p = 0; p < b * c; p++) {
    const src = t.data.subarray(p * h * w, (p + 1) * h * w);
    const dst = p * height * width;
    for (let y = 0; y < height; y++)
      for (let x = 0; x < width; x++) {
        let acc = 0;
        for (let j = 0; j < 4; j++) {
          const row = ty.index[y * 4 + j]! * w;
          let inner = 0;
          for (let k = 0; k < 4; k++) inner += src[row + tx.index[x * 4 + k]!]! * tx.weight[x * 4 + k]!;
          acc += inner * ty.weight[y * 4 + j]!;
        }
        out[dst + y * width + x] = acc;
      }
  }
  return float32([b, c, height, width], out);
}

/** Clamps every value into [lo, hi]. */
export function clampTensor(t: Float32Tensor, lo: number, hi: number): Float32Tensor {
  const out = new Float32Array(t.data.length);
  for (let i = 0; i < out.length; i++) out[i] = Math.min(hi, Math.max(lo, t.data[i]!));
  return float32(t.dims, out);
}
