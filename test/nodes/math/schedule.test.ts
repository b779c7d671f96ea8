import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { noiseSchedule, roundHalfToEven, timesteps } from '../../../nodes/math/schedule.ts';
import { BUNDLE_DIR } from '../../helpers/fixtures.ts';

const cosine = noiseSchedule({ beta_schedule: 'squaredcos_cap_v2', num_train_timesteps: 1000 });

describe('noiseSchedule', () => {
  it('squaredcos_cap_v2 matches the recipe values (float64)', () => {
    expect(cosine.alphasCumprod[0]).toBeCloseTo(0.999958715775178, 14);
    expect(cosine.alphasCumprod[42]).toBeCloseTo(0.9938514945089904, 14);
    expect(cosine.alphasCumprod[499]).toBeCloseTo(0.4938435904406382, 14);
    expect(cosine.alphasCumprod[999]).toBeCloseTo(2.4287669070348567e-9, 20);
  });

  it('caps betas at 0.999 and keeps alphas_cumprod decreasing', () => {
    expect(Math.max(...cosine.betas)).toBeLessThanOrEqual(0.999);
    for (let t = 1; t < 1000; t++)
      expect(cosine.alphasCumprod[t]!).toBeLessThan(cosine.alphasCumprod[t - 1]!);
  });

  it('linear uses beta_start..beta_end, with diffusers defaults', () => {
    const given = noiseSchedule({
      beta_schedule: 'linear',
      num_train_timesteps: 11,
      beta_start: 0.001,
      beta_end: 0.011,
    });
    expect(given.betas[0]).toBeCloseTo(0.001, 15);
    expect(given.betas[5]).toBeCloseTo(0.006, 15);
    expect(given.betas[10]).toBeCloseTo(0.011, 15);
    const defaults = noiseSchedule({ beta_schedule: 'linear', num_train_timesteps: 1000 });
    expect(defaults.alphasCumprod[0]).toBeCloseTo(0.9999, 15);
    expect(defaults.alphasCumprod[999]).toBeCloseTo(4.035829765375676e-5, 15);
  });
});

describe('roundHalfToEven', () => {
  it('rounds ties to the even neighbour, unlike Math.round', () => {
    expect([0.5, 1.5, 2.5, 832.5, 166.5, -0.5, -1.5].map(roundHalfToEven)).toEqual([
      0, 2, 2, 832, 166, 0, -2,
    ]);
    expect([0.49, 0.51, 2.4999, 7].map(roundHalfToEven)).toEqual([0, 1, 2, 7]);
  });
});

describe('timesteps', () => {
  it('N=25 starts 999, 957, 916, 874, 832 and ends 166, 125, 83, 42, 0', () => {
    const grid = timesteps(25, 1000);
    expect(grid).toHaveLength(25);
    expect(grid.slice(0, 5)).toEqual([999, 957, 916, 874, 832]);
    expect(grid.slice(-5)).toEqual([166, 125, 83, 42, 0]);
  });

  it('N=7 rounds the halves to even (832 and 166, not 833 and 167)', () => {
    expect(timesteps(7, 1000)).toEqual([999, 832, 666, 500, 333, 166, 0]);
  });

  it('N=1 is [T-1]; too many or fractional steps are refused', () => {
    expect(timesteps(1, 1000)).toEqual([999]);
    expect(() => timesteps(1001, 1000)).toThrow(/exceed/);
    expect(() => timesteps(2.5, 1000)).toThrow(/whole number/);
  });

  it('matches every grid of the bundle fixture timesteps.json', () => {
    const fixture = JSON.parse(readFileSync(join(BUNDLE_DIR, 'fixtures', 'timesteps.json'), 'utf8')) as {
      grids: Record<string, number[]>;
    };
    const sizes = Object.keys(fixture.grids);
    expect(sizes.length).toBeGreaterThan(3);
    for (const n of sizes) expect(timesteps(Number(n), 1000), `N=${n}`).toEqual(fixture.grids[n]);
  });
});
