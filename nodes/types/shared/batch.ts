/** Batch bookkeeping shared by node types: broadcasting rows, per-item seeds, labels. */
import { SEED_MAX } from '../../../core/param-spec.ts';
import { repeatBatch, type Tensor } from '../../tensor.ts';
import type { ItemLabels } from '../../values.ts';

export function batchOf(t: Tensor): number {
  return t.dims[0] ?? 0;
}

/**
 * The common batch size of several inputs: the largest, which every other must divide
 * (a batch of 1 broadcasts). `inputs` pairs a description with a batch size.
 */
export function commonBatch(inputs: readonly [string, number][]): number {
  const n = Math.max(1, ...inputs.map(([, b]) => b));
  for (const [, b] of inputs)
    if (b < 1 || n % b !== 0)
      throw new Error(
        `batch sizes do not fit: ${inputs.map(([w, s]) => `${w} has ${s}`).join(', ')} (each must divide the largest)`,
      );
  return n;
}

/** `t` with each row repeated in place so that it has n rows (row i of the result is row floor(i*B/n)). */
export function broadcastRows<T extends Tensor>(t: T, n: number): T {
  const b = batchOf(t);
  if (b === n) return t;
  if (n % b !== 0) throw new Error(`cannot spread a batch of ${b} over ${n} items`);
  return repeatBatch(t, n / b, true);
}

/** Labels spread like broadcastRows; undefined stays undefined. */
export function broadcastLabels(labels: ItemLabels, n: number): ItemLabels {
  if (!labels || labels.length === n) return labels;
  const per = n / labels.length;
  return Array.from({ length: n }, (_, i) => labels[Math.floor(i / per)]!);
}

/** The seed of batch item i: seed + i, wrapped to 32 bits. */
export function itemSeed(seed: number, i: number): number {
  return (seed + i) % (SEED_MAX + 1);
}

/** Formats a sweep coordinate as a label, e.g. ("t", 0.25) -> "t=0.25"; with several pairs, "#2 t=0.25". */
export function sweepLabel(symbol: string, value: number, pair: number, pairs: number): string {
  const label = `${symbol}=${value.toFixed(2)}`;
  return pairs > 1 ? `#${pair + 1} ${label}` : label;
}
