/** The sampling loop shared by the prior, decoder and upsampler nodes, and DDIM inversion. */
import type { SchedulerConfig } from '../../models/contract.ts';
import { type Float32Tensor, float32 } from '../tensor.ts';
import { splitModelOutput } from './guidance.ts';
import { ddimSigma, ddimStep, ddpmStep, denoise } from './samplers.ts';
import { noiseSchedule, timesteps } from './schedule.ts';

export type SamplerKind = 'ddpm' | 'ddim';

export interface DiffusionSampling {
  scheduler: SchedulerConfig;
  steps: number;
  sampler: SamplerKind;
  /** DDIM only. */
  eta: number;
  /** The start latent x_T, [B, ...]. */
  xT: Float32Tensor;
  /** Standard normal noise for step k (as many values as x_T); called only by steps that add noise. */
  noiseAt(k: number): Float32Array;
  /** The model output (already guided) for x_t at timestep t; k is the step index from 0. */
  model(x: Float32Tensor, t: number, k: number): Promise<Float32Tensor>;
  /** Called after step k with that step's clamped x0 prediction. */
  onStep?(k: number, x0: Float32Tensor): void;
}

/** Runs `steps` steps from x_T down the timestep grid and returns the final sample. */
export async function sampleDiffusion(run: DiffusionSampling): Promise<Float32Tensor> {
  const { scheduler, sampler, xT } = run;
  const { alphasCumprod, T } = noiseSchedule(scheduler);
  const grid = timesteps(run.steps, T);
  let x = xT.data;
  for (let k = 0; k < grid.length; k++) {
    const t = grid[k]!;
    const next = grid[k + 1];
    const abarT = alphasCumprod[t]!;
    const abarS = next === undefined ? 1 : alphasCumprod[next]!;
    const output = await run.model(float32(xT.dims, x), t, k);
    const { prediction, varianceValues } = splitModelOutput(output, x.length, scheduler.variance_type);
    const { x0, eps } = denoise(prediction, x, abarT, scheduler.prediction_type, scheduler.clip_sample_range);
    if (sampler === 'ddpm') {
      const noise = t > 0 && abarS < 1 ? run.noiseAt(k) : undefined;
      x = ddpmStep({ x, x0, varianceValues, varianceType: scheduler.variance_type, t, abarT, abarS, noise });
    } else {
      const noise = ddimSigma(run.eta, abarT, abarS) > 0 ? run.noiseAt(k) : undefined;
      x = ddimStep({ x0, eps, abarT, abarS, eta: run.eta, noise });
    }
    run.onStep?.(k, float32(xT.dims, x0));
  }
  return float32(xT.dims, x);
}

export interface DiffusionInversion {
  scheduler: SchedulerConfig;
  /** Grid points, as for sampling with the same count; steps - 1 model calls. */
  steps: number;
  /** The clean sample to invert, [B, ...]. */
  x0: Float32Tensor;
  model(x: Float32Tensor, t: number, k: number): Promise<Float32Tensor>;
  onStep?(k: number, x: Float32Tensor): void;
}

/**
 * DDIM inversion (eta = 0): walks the same grid upwards, x_{t'} = sqrt(abar_t') x0 + sqrt(1-abar_t') eps
 * with x0, eps predicted at t. Returns the x_T that sampling with DDIM(0) and `steps` maps back near x0.
 */
export async function invertDiffusion(run: DiffusionInversion): Promise<Float32Tensor> {
  const { scheduler } = run;
  const { alphasCumprod, T } = noiseSchedule(scheduler);
  const up = timesteps(run.steps, T).reverse();
  let x = run.x0.data;
  for (let k = 0; k + 1 < up.length; k++) {
    const abarT = alphasCumprod[up[k]!]!;
    const output = await run.model(float32(run.x0.dims, x), up[k]!, k);
    const { prediction } = splitModelOutput(output, x.length, scheduler.variance_type);
    const { x0, eps } = denoise(prediction, x, abarT, scheduler.prediction_type, scheduler.clip_sample_range);
    x = ddimStep({ x0, eps, abarT, abarS: alphasCumprod[up[k + 1]!]!, eta: 0 });
    run.onStep?.(k, float32(run.x0.dims, x));
  }
  return float32(run.x0.dims, x);
}
