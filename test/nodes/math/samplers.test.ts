import { describe, expect, it } from 'vitest';
import { ddimSigma, ddimStep, ddpmStep, denoise } from '../../../nodes/math/samplers.ts';

const f32 = (...v: number[]) => Float32Array.from(v);
const SQRT_075 = Math.sqrt(0.75);

describe('denoise (abar_t = 0.25, x_t = 1)', () => {
  it('epsilon: x0 = (x - sqrt(1-a) eps)/sqrt(a), clamped, eps recomputed from the clamped x0', () => {
    const unclamped = denoise(f32(0.5), f32(1), 0.25, 'epsilon', 10);
    expect(unclamped.x0[0]).toBeCloseTo((1 - SQRT_075 * 0.5) / 0.5, 6);
    expect(unclamped.eps[0]).toBeCloseTo(0.5, 6);
    const clamped = denoise(f32(0.5), f32(1), 0.25, 'epsilon', 1);
    expect(clamped.x0[0]).toBe(1);
    expect(clamped.eps[0]).toBeCloseTo(0.5 / SQRT_075, 6);
  });

  it('sample: x0 is the output', () => {
    const { x0, eps } = denoise(f32(0.3), f32(1), 0.25, 'sample', 1);
    expect(x0[0]).toBeCloseTo(0.3, 7);
    expect(eps[0]).toBeCloseTo((1 - 0.15) / SQRT_075, 6);
  });

  it('v_prediction: x0 = sqrt(a) x - sqrt(1-a) v and eps = sqrt(1-a) x + sqrt(a) v', () => {
    const { x0, eps } = denoise(f32(0.2), f32(1), 0.25, 'v_prediction', 1);
    expect(x0[0]).toBeCloseTo(0.5 - SQRT_075 * 0.2, 6);
    expect(eps[0]).toBeCloseTo(SQRT_075 + 0.5 * 0.2, 6);
  });

  it('refuses a prediction of the wrong size', () => {
    expect(() => denoise(f32(1, 2), f32(1), 0.25, 'sample', 1)).toThrow(/prediction/);
  });
});

// abar_t = 0.25 -> abar_s = 0.64: beta' = 0.609375, mu = 0.65 x0 + 0.3 x_t, var = 0.2925.
describe('ddpmStep', () => {
  const base = { x: f32(1), x0: f32(0.5), abarT: 0.25, abarS: 0.64, t: 500 };
  it('fixed_small_log: mu + sqrt(var) z', () => {
    const out = ddpmStep({ ...base, varianceType: 'fixed_small_log', noise: f32(2) });
    expect(out[0]).toBeCloseTo(0.625 + 2 * Math.sqrt(0.2925), 6);
  });

  it('learned_range interpolates log variance between var (v=-1) and beta (v=1)', () => {
    const at = (v: number) =>
      ddpmStep({ ...base, varianceType: 'learned_range', varianceValues: f32(v), noise: f32(1) })[0]! - 0.625;
    expect(at(-1)).toBeCloseTo(Math.sqrt(0.2925), 6);
    expect(at(1)).toBeCloseTo(Math.sqrt(0.609375), 6);
    expect(at(0)).toBeCloseTo(0.6497594819199747, 6);
  });

  it('adds no noise at t = 0 or after the final step', () => {
    expect(ddpmStep({ ...base, t: 0, varianceType: 'fixed_small_log' })[0]).toBeCloseTo(0.625, 6);
    const last = ddpmStep({ ...base, abarS: 1, varianceType: 'fixed_small_log' });
    expect(last[0]).toBeCloseTo(0.5, 6);
  });

  it('demands noise and variance channels when it needs them', () => {
    expect(() => ddpmStep({ ...base, varianceType: 'fixed_small_log' })).toThrow(/needs noise/);
    expect(() => ddpmStep({ ...base, varianceType: 'learned_range', noise: f32(0) })).toThrow(/variance/);
  });
});

describe('ddimStep', () => {
  const base = { x0: f32(0.5), eps: f32(1), abarT: 0.25, abarS: 0.64 };
  it('eta 0 is deterministic: sqrt(abar_s) x0 + sqrt(1-abar_s) eps', () => {
    expect(ddimStep({ ...base, eta: 0 })[0]).toBeCloseTo(0.8 * 0.5 + 0.6, 6);
  });

  it('eta 1 uses the DDPM posterior sigma', () => {
    expect(ddimSigma(1, 0.25, 0.64)).toBeCloseTo(Math.sqrt(0.2925), 12);
    const out = ddimStep({ ...base, eta: 1, noise: f32(-1) });
    expect(out[0]).toBeCloseTo(0.4 + Math.sqrt(0.36 - 0.2925) - Math.sqrt(0.2925), 6);
  });

  it('needs noise only when sigma > 0 (never for the final step)', () => {
    expect(() => ddimStep({ ...base, eta: 0.5 })).toThrow(/needs noise/);
    expect(ddimStep({ ...base, abarS: 1, eta: 0.5 })[0]).toBeCloseTo(0.5, 6);
  });
});
