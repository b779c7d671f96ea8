/** Noise schedules (float64) and the strided timestep grid of the samplers. */
import type { SchedulerConfig } from '../../models/contract.ts';

export type ScheduleConfig = Pick<
  SchedulerConfig,
  'beta_schedule' | 'num_train_timesteps' | 'beta_start' | 'beta_end'
>;

export interface NoiseSchedule {
  /** num_train_timesteps */
  readonly T: number;
  readonly betas: Float64Array;
  /** abar_t = prod_{j <= t} (1 - beta_j) */
  readonly alphasCumprod: Float64Array;
}

/** diffusers' defaults for a linear schedule when the manifest gives no beta_start/beta_end. */
export const LINEAR_BETA_START = 0.0001;
export const LINEAR_BETA_END = 0.02;
const MAX_BETA = 0.999;

export function noiseSchedule(config: ScheduleConfig): NoiseSchedule {
  const T = config.num_train_timesteps;
  const betas = new Float64Array(T);
  if (config.beta_schedule === 'squaredcos_cap_v2') {
    const abar = (tau: number) => Math.cos(((tau + 0.008) / 1.008) * (Math.PI / 2)) ** 2;
    for (let i = 0; i < T; i++) betas[i] = Math.min(1 - abar((i + 1) / T) / abar(i / T), MAX_BETA);
  } else {
    const start = config.beta_start ?? LINEAR_BETA_START;
    const end = config.beta_end ?? LINEAR_BETA_END;
    for (let i = 0; i < T; i++) betas[i] = T === 1 ? start : start + ((end - start) * i) / (T - 1);
  }
  const alphasCumprod = new Float64Array(T);
  let product = 1;
  for (let i = 0; i < T; i++) {
    product *= 1 - betas[i]!;
    alphasCumprod[i] = product;
  }
  return { T, betas, alphasCumprod };
}

/** Rounds to the nearest integer, ties to the even one (numpy's round; Math.round rounds ties up). */
export function roundHalfToEven(x: number): number {
  const floor = Math.floor(x);
  const diff = x - floor;
  if (diff < 0.5) return floor;
  if (diff > 0.5) return floor + 1;
  return floor % 2 === 0 ? floor : floor + 1;
}

/**
 * The N sampling timesteps, descending: round_half_to_even(k * (T-1) / (N-1)) for k = N-1 .. 0 (the integer
 * product divided once, so exact halves stay exact and round to even). N = 1 gives [T-1].
 */
export function timesteps(n: number, T: number): number[] {
  if (!Number.isInteger(n) || n < 1) throw new Error(`steps must be a whole number >= 1, got ${n}`);
  if (n > T) throw new Error(`${n} steps exceed the ${T} training timesteps`);
  if (n === 1) return [T - 1];
  const grid: number[] = [];
  for (let k = n - 1; k >= 0; k--) grid.push(roundHalfToEven((k * (T - 1)) / (n - 1)));
  return grid;
}
