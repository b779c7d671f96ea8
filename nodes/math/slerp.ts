/** Vector math on embedding rows: norms, cosine similarity and spherical interpolation (float64 accumulation). */
import { type Float32Tensor, float32 } from '../tensor.ts';

/** Below this |sin Ω| the two directions are treated as (anti)parallel and interpolated linearly. */
const SIN_EPSILON = 1e-6;

export function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`vectors of length ${a.length} and ${b.length}`);
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

export function norm(a: ArrayLike<number>): number {
  return Math.sqrt(dot(a, a));
}

/** a / |a|; a zero vector stays zero. */
export function l2normalize(a: ArrayLike<number>): Float32Array {
  const n = norm(a);
  const out = new Float32Array(a.length);
  if (n > 0) for (let i = 0; i < a.length; i++) out[i] = a[i]! / n;
  return out;
}

/** Every row of a [B, ...] tensor scaled to unit L2 norm. */
export function l2normalizeRows(t: Float32Tensor): Float32Tensor {
  const rows = t.dims[0] ?? 0;
  const width = rows ? t.data.length / rows : 0;
  const out = new Float32Array(t.data.length);
  for (let r = 0; r < rows; r++) out.set(l2normalize(t.data.subarray(r * width, (r + 1) * width)), r * width);
  return float32(t.dims, out);
}

/** Cosine of the angle between a and b (0 when either is zero). */
export function cosineSimilarity(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const d = norm(a) * norm(b);
  return d > 0 ? dot(a, b) / d : 0;
}

/**
 * Slerp between unit vectors u0 and u1: [sin((1-θ)Ω) u0 + sin(θΩ) u1] / sin Ω, Ω = arccos(u0·u1);
 * a plain lerp when sin Ω ≈ 0.
 */
export function slerpUnit(u0: ArrayLike<number>, u1: ArrayLike<number>, theta: number): Float32Array {
  const cos = Math.min(1, Math.max(-1, dot(u0, u1)));
  const omega = Math.acos(cos);
  const sin = Math.sin(omega);
  const [w0, w1] =
    Math.abs(sin) < SIN_EPSILON
      ? [1 - theta, theta]
      : [Math.sin((1 - theta) * omega) / sin, Math.sin(theta * omega) / sin];
  const out = new Float32Array(u0.length);
  for (let i = 0; i < out.length; i++) out[i] = w0 * u0[i]! + w1 * u1[i]!;
  return out;
}

/**
 * Slerp for vectors of any norm: slerp the directions, then rescale to (1-θ)|a| + θ|b|.
 * For unit vectors this is exactly slerpUnit.
 */
export function slerp(a: ArrayLike<number>, b: ArrayLike<number>, theta: number): Float32Array {
  const na = norm(a);
  const nb = norm(b);
  const out = slerpUnit(l2normalize(a), l2normalize(b), theta);
  const scale = (1 - theta) * na + theta * nb;
  for (let i = 0; i < out.length; i++) out[i] = out[i]! * scale;
  return out;
}
