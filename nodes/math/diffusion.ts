/** The sampling loop shared by the prior, decoder and upsampler nodes (DDIM inversion: inversion.ts). */
import type { SchedulerConfig } from '../../models/contract.ts';
import { type Float32Tensor, float32 } from '../tensor.ts';
import { splitModelOutput } from './guidance.ts';
import { denoise, SAMPLERS, type SamplerKind } from './samplers.ts';
import { noiseSchedule, timesteps } from './schedule.ts';

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
  const step = SAMPLERS[sampler];
  if (!step) throw new Error(`unknown sampler "${sampler}" (known: ${Object.keys(SAMPLERS).join(', ')})`);
  const varianceType = scheduler.variance_type;
  let x = xT.data;
  for (let k = 0; k < grid.length; k++) {
    const t = grid[k]!;
    const next = grid[k + 1];
    const abarT = alphasCumprod[t]!;
    const abarS = next === undefined ? 1 : alphasCumprod[next]!;
    const output = await run.model(float32(xT.dims, x), t, k);
    const { prediction, varianceValues } = splitModelOutput(output, x.length, varianceType);
    const { x0, eps } = denoise(prediction, x, abarT, scheduler.prediction_type, scheduler.clip_sample_range);
    const noise = () => run.noiseAt(k);
    x = step({ x, x0, eps, varianceValues, varianceType, t, abarT, abarS, eta: run.eta, noise });
    run.onStep?.(k, float32(xT.dims, x0));
  }
  return float32(xT.dims, x);
}
