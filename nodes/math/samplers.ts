/**
 * One denoising step of each sampler, element-wise on Float32Array rows with float64 coefficients. The
 * formulas are those of models/recipes/sampling.py (the torch reference the golden fixtures come from) and
 * of diffusers' UnCLIPScheduler / DDIMScheduler. Noise is always passed in. SAMPLERS names every sampler.
 */
import type { SchedulerConfig } from '../../models/contract.ts';

export type PredictionType = SchedulerConfig['prediction_type'];
export type VarianceType = SchedulerConfig['variance_type'];

/**
 * The clamped x0 prediction and the eps consistent with it, at noise level abar_t:
 * epsilon: x0 = (x_t - sqrt(1-abar) eps)/sqrt(abar); sample: x0 = output;
 * v_prediction: x0 = sqrt(abar) x_t - sqrt(1-abar) v. Then x0 is clamped to ±clipRange and
 * eps = (x_t - sqrt(abar) x0)/sqrt(1-abar).
 */
export function denoise(
  prediction: Float32Array,
  x: Float32Array,
  abarT: number,
  predictionType: PredictionType,
  clipRange: number,
): { x0: Float32Array; eps: Float32Array } {
  if (prediction.length !== x.length)
    throw new Error(`model prediction has ${prediction.length} values, the sample ${x.length}`);
  const a = Math.sqrt(abarT);
  const b = Math.sqrt(1 - abarT);
  const x0 = new Float32Array(x.length);
  const eps = new Float32Array(x.length);
  for (let i = 0; i < x.length; i++) {
    const p = prediction[i]!;
    const xt = x[i]!;
    const raw =
      predictionType === 'epsilon' ? (xt - b * p) / a : predictionType === 'sample' ? p : a * xt - b * p;
    const clamped = Math.min(clipRange, Math.max(-clipRange, raw));
    x0[i] = clamped;
    eps[i] = (xt - a * clamped) / b;
  }
  return { x0, eps };
}

export interface DdpmStep {
  x: Float32Array;
  /** Clamped x0 prediction. */
  x0: Float32Array;
  /** The model's variance channels in [-1, 1] (learned_range only). */
  varianceValues?: Float32Array;
  varianceType: VarianceType;
  t: number;
  abarT: number;
  /** abar of the next (lower) timestep; 1 after the last. */
  abarS: number;
  /** Standard normal noise, needed when t > 0 and a step follows (abar_s < 1). */
  noise?: Float32Array;
}

/**
 * DDPM ancestral step t -> s on a strided grid (fixed_small_log or learned_range variance). Noise is added
 * when t > 0 and this is not the final step (abar_s < 1), so a 1-step run returns x0.
 */
export function ddpmStep(step: DdpmStep): Float32Array {
  const { x, x0, abarT, abarS, t } = step;
  const beta = 1 - abarT / abarS;
  const alpha = 1 - beta;
  const cX0 = (Math.sqrt(abarS) * beta) / (1 - abarT);
  const cX = (Math.sqrt(alpha) * (1 - abarS)) / (1 - abarT);
  const variance = (beta * (1 - abarS)) / (1 - abarT);
  const logVariance = Math.log(Math.max(variance, 1e-20));
  const addNoise = t > 0 && abarS < 1;
  if (addNoise && !step.noise) throw new Error(`DDPM step at t=${t} needs noise`);
  if (step.varianceType === 'learned_range' && !step.varianceValues)
    throw new Error('learned_range variance needs the model variance channels');
  const logBeta = Math.log(beta);
  const fixedSigma = Math.sqrt(Math.max(variance, 1e-20));
  const out = new Float32Array(x.length);
  for (let i = 0; i < x.length; i++) {
    const mu = cX0 * x0[i]! + cX * x[i]!;
    if (!addNoise) {
      out[i] = mu;
      continue;
    }
    let sigma = fixedSigma;
    if (step.varianceType === 'learned_range') {
      const f = (step.varianceValues![i]! + 1) / 2;
      sigma = Math.exp(0.5 * (f * logBeta + (1 - f) * logVariance));
    }
    out[i] = mu + sigma * step.noise![i]!;
  }
  return out;
}

export interface DdimStep {
  x0: Float32Array;
  eps: Float32Array;
  abarT: number;
  /** abar of the target timestep (1 after the last step; higher-noise level for inversion). */
  abarS: number;
  eta: number;
  /** Standard normal noise, needed when eta > 0 and the step has sigma > 0. */
  noise?: Float32Array;
}

/** sigma_t of DDIM(eta) from t to s. */
export function ddimSigma(eta: number, abarT: number, abarS: number): number {
  return eta * Math.sqrt((1 - abarS) / (1 - abarT)) * Math.sqrt(Math.max(0, 1 - abarT / abarS));
}

/**
 * DDIM(eta) step: x_s = sqrt(abar_s) x0 + sqrt(1 - abar_s - sigma^2) eps + sigma z. With eta = 0 and abar_s
 * the next HIGHER noise level, the same formula is the DDIM inversion step.
 */
export function ddimStep(step: DdimStep): Float32Array {
  const { x0, eps, abarT, abarS } = step;
  const sigma = ddimSigma(step.eta, abarT, abarS);
  if (sigma > 0 && !step.noise) throw new Error('DDIM step with eta > 0 needs noise');
  const cX0 = Math.sqrt(abarS);
  const cEps = Math.sqrt(Math.max(0, 1 - abarS - sigma * sigma));
  const out = new Float32Array(x0.length);
  for (let i = 0; i < out.length; i++)
    out[i] = cX0 * x0[i]! + cEps * eps[i]! + (sigma > 0 ? sigma * step.noise![i]! : 0);
  return out;
}

/** What one sampler step sees: the sample, the model's predictions at t, the schedule and the noise source. */
export interface SamplerStepInput {
  x: Float32Array;
  x0: Float32Array;
  eps: Float32Array;
  varianceValues?: Float32Array;
  varianceType: VarianceType;
  t: number;
  abarT: number;
  abarS: number;
  /** DDIM only. */
  eta: number;
  /** Draws this step's standard normal noise; called only by a step that adds noise. */
  noise(): Float32Array;
}

/** Every sampler by name: the node params' options and the sampling loop's dispatch both read this. */
export const SAMPLERS = {
  ddpm: (s: SamplerStepInput) => ddpmStep({ ...s, noise: s.t > 0 && s.abarS < 1 ? s.noise() : undefined }),
  ddim: (s: SamplerStepInput) =>
    ddimStep({ ...s, noise: ddimSigma(s.eta, s.abarT, s.abarS) > 0 ? s.noise() : undefined }),
} as const satisfies Record<string, (step: SamplerStepInput) => Float32Array>;

export type SamplerKind = keyof typeof SAMPLERS;
export const SAMPLER_NAMES = Object.keys(SAMPLERS) as readonly SamplerKind[];
