/** Param specs several node types share, so each is declared once. */

import { MAX_STEPS } from '../../../core/limits.ts';
import type { IntegerParam, NumberParam, SeedParam, SelectParam } from '../../../core/param-spec.ts';
import { SAMPLER_NAMES, type SamplerKind } from '../../math/samplers.ts';

export function stepsParam(defaultSteps: number, min = 1): IntegerParam {
  return {
    kind: 'integer',
    default: defaultSteps,
    min,
    max: MAX_STEPS,
    help: "Denoising steps, spread over the model's training timesteps (more: slower, usually finer).",
  };
}

export function guidanceParam(defaultScale: number): NumberParam {
  return {
    kind: 'number',
    default: defaultScale,
    min: 0,
    max: 50,
    step: 0.5,
    help: 'Classifier-free guidance scale: 1 = off (no unconditional pass), higher = closer to the condition.',
  };
}

export const seedParam: SeedParam = {
  kind: 'seed',
  default: 0,
  help: 'Item i of the batch uses seed + i, so an item looks the same whatever the batch size.',
};

export function samplerParam(defaultSampler: SamplerKind) {
  return {
    kind: 'select',
    options: SAMPLER_NAMES,
    default: defaultSampler,
    help: 'ddpm: stochastic ancestral steps (uses the learned variance if the model has one); ddim: deterministic when eta = 0.',
  } as const satisfies SelectParam;
}

export const etaParam: NumberParam = {
  kind: 'number',
  default: 0,
  min: 0,
  max: 1,
  step: 0.05,
  help: 'DDIM only: 0 = deterministic, 1 = as much fresh noise per step as DDPM.',
};
