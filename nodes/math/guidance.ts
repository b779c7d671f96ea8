/** Classifier-free guidance over a batched model output, and splitting off learned-variance channels. */

import { type Float32Tensor, float32 } from '../tensor.ts';
import type { VarianceType } from './samplers.ts';

/**
 * `output` holds 2B rows: B unconditional then B conditional. Returns B rows u + scale (c - u). With
 * `varianceChannels`, each row's second half is learned variance and is taken from the cond row unguided.
 */
export function applyGuidance(
  output: Float32Tensor,
  scale: number,
  varianceChannels: boolean,
): Float32Tensor {
  const rows = output.dims[0] ?? 0;
  if (rows % 2 !== 0) throw new Error(`guidance needs [uncond; cond] rows, got ${rows} rows`);
  const half = rows / 2;
  const width = rows ? output.data.length / rows : 0;
  const guided = varianceChannels ? width / 2 : width;
  const d = output.data;
  const out = new Float32Array(half * width);
  for (let r = 0; r < half; r++) {
    const u = r * width;
    const c = (r + half) * width;
    for (let i = 0; i < width; i++)
      out[u + i] = i < guided ? d[u + i]! + scale * (d[c + i]! - d[u + i]!) : d[c + i]!;
  }
  return float32([half, ...output.dims.slice(1)], out);
}

/**
 * Splits a model output whose rows are `sampleSize`-long predictions, or twice that (prediction then
 * variance channels, as [B, 2C, H, W] is laid out). learned_range requires the variance half;
 * fixed_small_log ignores it when present.
 */
export function splitModelOutput(
  output: Float32Tensor,
  sampleSize: number,
  varianceType: VarianceType,
): { prediction: Float32Array; varianceValues?: Float32Array } {
  const rows = output.dims[0] ?? 0;
  const rowSize = sampleSize / Math.max(rows, 1);
  const width = output.data.length / Math.max(rows, 1);
  if (width === rowSize && varianceType === 'fixed_small_log') return { prediction: output.data };
  if (width !== 2 * rowSize) {
    const expected =
      varianceType === 'learned_range' ? 'twice the sample (prediction + variance)' : 'the sample';
    throw new Error(
      `model output [${output.dims.join(',')}] does not match the sample: expected ${expected} per row`,
    );
  }
  const prediction = new Float32Array(sampleSize);
  const varianceValues = new Float32Array(sampleSize);
  for (let r = 0; r < rows; r++) {
    prediction.set(output.data.subarray(r * width, r * width + rowSize), r * rowSize);
    varianceValues.set(output.data.subarray(r * width + rowSize, (r + 1) * width), r * rowSize);
  }
  return varianceType === 'learned_range' ? { prediction, varianceValues } : { prediction };
}
