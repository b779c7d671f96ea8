/** Interpolation sweeps shared by embedding.interpolate, noise.interpolate and embedding.text_diff. */

import { assertBatchRows, MAX_FRAMES } from '../../../core/limits.ts';
import type { NumberParam } from '../../../core/param-spec.ts';
import { slerp } from '../../math/slerp.ts';
import { type Float32Tensor, float32 } from '../../tensor.ts';
import { batchOf, broadcastRows, commonBatch, sweepLabel } from './batch.ts';

export const framesParam = {
  kind: 'integer',
  default: 5,
  min: 1,
  max: MAX_FRAMES,
  help: 'Number of evenly spaced frames from the start to the end value (1 frame: the start value).',
} as const;

export function fractionParam(defaultValue: number, help: string): NumberParam {
  return { kind: 'number', default: defaultValue, min: 0, max: 1, step: 0.05, help };
}

/** The params of a sweep from input a to input b (embedding.interpolate, noise.interpolate). */
export const pairSweepParams = {
  from: fractionParam(0, 'Start position t (0 = a).'),
  to: fractionParam(1, 'End position t (1 = b).'),
  frames: framesParam,
};

/** slerpSweep over the `frames` positions t from `from` to `to`, labelled "t=…". */
export function slerpPairSweep(
  a: Float32Tensor,
  b: Float32Tensor,
  params: { from: number; to: number; frames: number },
  what: string,
): { rows: Float32Tensor; labels: string[] } {
  return slerpSweep(a, b, sweepValues(params.from, params.to, params.frames), 't', what);
}

/** `frames` values evenly spaced from `from` to `to`, both included. */
export function sweepValues(from: number, to: number, frames: number): number[] {
  if (frames === 1) return [from];
  return Array.from({ length: frames }, (_, f) => from + ((to - from) * f) / (frames - 1));
}

/**
 * slerp(a_i, b_i, t) for every pair i (batches equal, or one of them 1) and every t; pair-major rows
 * (pair i, frame f at row i * frames + f), labelled like "t=0.25" (or "#2 t=0.25" with several pairs).
 */
export function slerpSweep(
  a: Float32Tensor,
  b: Float32Tensor,
  ts: readonly number[],
  symbol: string,
  what: string,
): { rows: Float32Tensor; labels: string[] } {
  if (a.dims.slice(1).join(',') !== b.dims.slice(1).join(','))
    throw new Error(`cannot interpolate [${a.dims.join(',')}] with [${b.dims.join(',')}]`);
  const pairs = commonBatch([
    ['a', batchOf(a)],
    ['b', batchOf(b)],
  ]);
  assertBatchRows(pairs * ts.length, what);
  const aa = broadcastRows(a, pairs);
  const bb = broadcastRows(b, pairs);
  const width = aa.data.length / pairs;
  const out = new Float32Array(pairs * ts.length * width);
  const labels: string[] = [];
  for (let i = 0; i < pairs; i++) {
    const u = aa.data.subarray(i * width, (i + 1) * width);
    const v = bb.data.subarray(i * width, (i + 1) * width);
    ts.forEach((t, f) => {
      out.set(slerp(u, v, t), (i * ts.length + f) * width);
      labels.push(sweepLabel(symbol, t, i, pairs));
    });
  }
  return { rows: float32([pairs * ts.length, ...a.dims.slice(1)], out), labels };
}
