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
 * Chosen by measurement: `npm run bench -- ort-options` on the 2-core machine this was built on, shared
 * with other engineers' tests and training (load average noted). Each variant changes one option from
 * these defaults; the variants run interleaved, 8 rounds. Figure: the batch-8 chain's model time, the
 * per-call min (median) x the default steps (prior and decoder at 16 rows, upsamplers at 8):
 *
 *   variant                        load 1.5, run 1   run 2          run 3 (memPattern now off)
 *   defaults (2 threads, below)    3006 (3287) ms    3064 (4062)    3064 (3713)
 *   threads 1                      4660 (5225)       4617 (5350)    4990 (5341)
 *   spin-wait on                   3942 (4518)       4182 (5220)    4168 (5172)
 *   memory arena off               3417 (3981)       3455 (4507)    4116 (4905)
 *   memory pattern off / on        2836 (3279) off   2855 (3607)    3059 (3637) on
 *   graph optimisation extended    4146 (4586)       4333 (5262)    4367 (4793)
 *   graph optimisation basic       4009 (4765)       4431 (5398)    4436 (5033)
 *   parallel, 2 inter-op threads   4735 (5731)       4455 (5562)    4588 (6116)
 *
 * So: intra-op threads = the available cores (1.5x faster than 1 thread on 2 cores); sequential
 * execution (these graphs are chains: a parallel executor only adds threads that fight for the cores);
 * graph level 'all' (its NCHWc conv layouts are 30% faster than 'extended'); the CPU memory arena on.
 * Spin-waiting is off: with other processes on the cores a spinning pool thread burns the time slice
 * the working thread needs (under load average 6-9 spin-wait on made the median 2.7x worse:
 * 26.2 s vs 9.6 s), and it was no faster even at load 1.5. Memory pattern planning made no measurable
 * difference (its plans are per input shape and the batch size varies), so it is off.
 */
export const SESSION_DEFAULTS: Omit<SessionTuning, 'threads'> = {
  interOpThreads: 1,
  executionMode: 'sequential',
  graphOptimization: 'all',
  memArena: true,
  memPattern: false,
  spinning: false,
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
