/** Small timing and feed helpers shared by the bench suites. */
import { STAGE_IO, type StageName } from '../models/contract.ts';
import { float32, int64, type Tensor } from '../nodes/tensor.ts';
import type { ModelHandle } from '../nodes/values.ts';

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

export async function time(fn: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

/** "min X / median Y" of a list of ms. */
export function minMedian(xs: number[], digits = 0): string {
  return `${Math.min(...xs).toFixed(digits)} / ${median(xs).toFixed(digits)}`;
}

/**
 * Feeds of `rows` rows for a stage, sized from the manifest. Float element i is sin(i) * 0.5, int64 feeds
 * are ones (bench/torch_eager.py builds the same feeds for its parity check).
 */
export function stageFeeds(model: ModelHandle, stage: StageName, rows: number): Record<string, Tensor> {
  const m = model.manifest;
  const config = m.stages[stage];
  const size = 'image_size' in config ? config.image_size : 0;
  const feeds: Record<string, Tensor> = {};
  for (const port of STAGE_IO[stage].inputs) {
    const image = port.dims.length === 4; // [B, 3, H|S, W|S]; otherwise W is the text width
    const symbol: Record<string, number> = {
      B: rows,
      L: m.dims.context_length,
      D: m.dims.embedding,
      W: image ? size : m.dims.text_width,
      H: size,
      S: size,
    };
    const dims = port.dims.map((d) => (/^\d+$/.test(d) ? Number(d) : symbol[d]!));
    const n = dims.reduce((a, b) => a * b, 1);
    feeds[port.name] =
      port.dtype === 'int64'
        ? int64(dims, new BigInt64Array(n).fill(1n))
        : float32(
            dims,
            Float32Array.from({ length: n }, (_, i) => Math.sin(i) * 0.5),
          );
  }
  return feeds;
}

/** The load average line of the machine, to print beside figures measured on shared cores. */
export async function loadLine(): Promise<string> {
  const { loadavg, availableParallelism } = await import('node:os');
  return `load average ${loadavg()
    .map((x) => x.toFixed(2))
    .join(' ')} on ${availableParallelism()} cores`;
}
