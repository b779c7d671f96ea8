/**
 * DDIM inversion (eta = 0) with fixed-point refinement, so that DDIM(0) sampling on the same grid maps the
 * result back to the image even across the grid's last steps (see models/README.md, "DDIM inversion").
 */
import type { SchedulerConfig } from '../../models/contract.ts';
import { type Float32Tensor, float32 } from '../tensor.ts';
import { splitModelOutput } from './guidance.ts';
import { ddimStep, denoise } from './samplers.ts';
import { noiseSchedule, timesteps } from './schedule.ts';

/**
 * A refined step is accepted once the sampler's step back lands this close to where the inversion step
 * started: max over a row of |x_hat - x_t| / sqrt(abar_t), in image units ([-1, 1] pixels).
 */
export const INVERSION_TOLERANCE = 0.01;
/**
 * Each correction moves x_t' by this fraction of the error: a full step (1) overshoots and stalls where the
 * model is most sensitive to x_t' (thin outlines around t = 950); half steps converged on every test scene.
 */
export const INVERSION_DAMPING = 0.5;

export interface DiffusionInversion {
  scheduler: SchedulerConfig;
  /** Grid points, as for sampling with the same count; steps - 1 inversion steps. */
  steps: number;
  /** The clean sample to invert, [B, ...]. */
  x0: Float32Tensor;
  /** Fixed-point corrections per step and row (0 = plain DDIM inversion: steps - 1 model calls). */
  refine: number;
  model(x: Float32Tensor, t: number, k: number): Promise<Float32Tensor>;
  onStep?(k: number, x: Float32Tensor): void;
}

/**
 * Walks the sampling grid upwards. Plain step t -> t': x_t' = sqrt(abar_t') x0 + sqrt(1 - abar_t') eps with
 * x0, eps predicted at (x_t, t). That is exact only for small steps: the grid's last steps (958 -> 979 ->
 * 999 with a cosine schedule, where abar falls from 4e-3 to 2e-9) lose what the image has beyond the
 * model's guess from noise, e.g. a white background. Refinement solves step_back(x_t') = x_t by the damped
 * fixed-point iteration x_t' -= INVERSION_DAMPING (step_back(x_t') - x_t) per row, where step_back is the
 * sampler's DDIM(0) step t' -> t with the model evaluated at x_t'; an iterate is kept only while it
 * lowers that row's error. The model output at
 * the accepted x_t' is the one the next step needs, so a step that is already within tolerance costs no
 * extra call (only the last step checks with one more).
 */
export async function invertDiffusion(run: DiffusionInversion): Promise<Float32Tensor> {
  const { scheduler, x0: image, refine } = run;
  const { dims } = image;
  const { alphasCumprod } = noiseSchedule(scheduler);
  const up = timesteps(run.steps, scheduler.num_train_timesteps).reverse();
  const predict = async (x: Float32Array, t: number, k: number) => {
    const output = await run.model(float32(dims, x), t, k);
    return splitModelOutput(output, x.length, scheduler.variance_type).prediction;
  };
  const ddim = (prediction: Float32Array, x: Float32Array, abarT: number, abarS: number) => {
    const { x0, eps } = denoise(prediction, x, abarT, scheduler.prediction_type, scheduler.clip_sample_range);
    return ddimStep({ x0, eps, abarT, abarS, eta: 0 });
  };
  let x = image.data;
  let prediction: Float32Array | undefined;
  for (let k = 0; k + 1 < up.length; k++) {
    const abarT = alphasCumprod[up[k]!]!;
    const abarS = alphasCumprod[up[k + 1]!]!;
    prediction ??= await predict(x, up[k]!, k);
    let next = ddim(prediction, x, abarT, abarS);
    prediction = undefined;
    if (refine > 0) {
      const start = x;
      const stepBack = (p: Float32Array, xs: Float32Array) => ddim(p, xs, abarS, abarT);
      const state = { x: next, prediction: await predict(next, up[k + 1]!, k) };
      await refineStep(
        state,
        start,
        stepBack,
        (xs) => predict(xs, up[k + 1]!, k),
        dims[0] ?? 1,
        refine,
        abarT,
      );
      next = state.x;
      prediction = state.prediction;
    }
    x = next;
    run.onStep?.(k, float32(dims, x));
  }
  return float32(dims, x);
}

interface RefineState {
  x: Float32Array;
  prediction: Float32Array;
}

/** Per-row fixed-point refinement of one inversion step (see invertDiffusion); updates `state` in place. */
async function refineStep(
  state: RefineState,
  start: Float32Array,
  stepBack: (prediction: Float32Array, x: Float32Array) => Float32Array,
  predict: (x: Float32Array) => Promise<Float32Array>,
  rows: number,
  iterations: number,
  abarT: number,
): Promise<void> {
  const width = start.length / rows;
  const scale = 1 / Math.sqrt(abarT);
  const errors = (back: Float32Array) =>
    Array.from({ length: rows }, (_, r) => {
      let worst = 0;
      for (let i = r * width; i < (r + 1) * width; i++)
        worst = Math.max(worst, Math.abs(back[i]! - start[i]!));
      return worst * scale;
    });
  let back = stepBack(state.prediction, state.x);
  const error = errors(back);
  const active = error.map((e) => e > INVERSION_TOLERANCE);
  for (let it = 0; it < iterations && active.includes(true); it++) {
    const candidate = state.x.slice();
    for (let i = 0; i < candidate.length; i++)
      if (active[Math.floor(i / width)])
        candidate[i] = candidate[i]! - INVERSION_DAMPING * (back[i]! - start[i]!);
    const candidatePrediction = await predict(candidate);
    const candidateError = errors(stepBack(candidatePrediction, candidate));
    for (let r = 0; r < rows; r++) {
      if (!active[r]) continue;
      if (candidateError[r]! >= error[r]!) {
        active[r] = false;
        continue;
      }
      const span = [r * width, (r + 1) * width] as const;
      state.x.set(candidate.subarray(...span), span[0]);
      state.prediction.set(candidatePrediction.subarray(...span), span[0]);
      error[r] = candidateError[r]!;
      active[r] = error[r]! > INVERSION_TOLERANCE;
    }
    back = stepBack(state.prediction, state.x);
  }
}
