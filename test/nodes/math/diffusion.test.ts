import { describe, expect, it } from 'vitest';
import type { SchedulerConfig } from '../../../models/contract.ts';
import { sampleDiffusion } from '../../../nodes/math/diffusion.ts';
import { applyGuidance, splitModelOutput } from '../../../nodes/math/guidance.ts';
import { invertDiffusion } from '../../../nodes/math/inversion.ts';
import { noiseSchedule } from '../../../nodes/math/schedule.ts';
import { type Float32Tensor, float32 } from '../../../nodes/tensor.ts';

const scheduler = (prediction_type: SchedulerConfig['prediction_type']): SchedulerConfig => ({
  beta_schedule: 'squaredcos_cap_v2',
  num_train_timesteps: 1000,
  prediction_type,
  variance_type: 'fixed_small_log',
  clip_sample_range: 5,
});
const abar = noiseSchedule(scheduler('epsilon')).alphasCumprod;
const target = Float32Array.from([0.25, -0.5, 0.75, 1]);

/** A v-prediction model that knows the answer: the v that makes x0 = target at every step. */
function oracle(x: Float32Tensor, t: number): Promise<Float32Tensor> {
  const a = abar[t]!;
  return Promise.resolve(
    float32(
      x.dims,
      x.data.map((v, i) => (Math.sqrt(a) * v - target[i]!) / Math.sqrt(1 - a)),
    ),
  );
}
/** The eps implied by x_t when x0 = target. */
const impliedEps = (x: Float32Tensor, t: number) =>
  Array.from(x.data, (v, i) => (v - Math.sqrt(abar[t]!) * target[i]!) / Math.sqrt(1 - abar[t]!));

describe('sampleDiffusion', () => {
  const xT = float32([2, 2], [1, -1, 0.5, 2]);
  for (const [sampler, eta, noisySteps] of [
    ['ddim', 0, []],
    ['ddim', 0.7, [0, 1, 2, 3]],
    ['ddpm', 0, [0, 1, 2, 3]],
  ] as const) {
    it(`${sampler} eta=${eta} reaches the oracle's x0 and draws noise for steps [${noisySteps}]`, async () => {
      const asked: number[] = [];
      const steps: number[] = [];
      const out = await sampleDiffusion({
        scheduler: scheduler('v_prediction'),
        steps: 5,
        sampler,
        eta,
        xT,
        noiseAt: (k) => {
          asked.push(k);
          return new Float32Array(4).fill(0.3);
        },
        model: oracle,
        onStep: (k, x0) => {
          steps.push(k);
          expect(Array.from(x0.data)).toEqual(Array.from(target).map((v) => expect.closeTo(v, 4)));
        },
      });
      expect(Array.from(out.data)).toEqual(Array.from(target).map((v) => expect.closeTo(v, 5)));
      expect(out.dims).toEqual([2, 2]);
      expect(asked).toEqual(noisySteps);
      expect(steps).toEqual([0, 1, 2, 3, 4]);
    });
  }

  it('ddim eta=0 keeps the implied eps constant along the trajectory', async () => {
    const epsSeen: number[][] = [];
    await sampleDiffusion({
      scheduler: scheduler('v_prediction'),
      steps: 6,
      sampler: 'ddim',
      eta: 0,
      xT,
      noiseAt: () => new Float32Array(4),
      model: (x, t) => {
        epsSeen.push(impliedEps(x, t));
        return oracle(x, t);
      },
    });
    for (const eps of epsSeen) expect(eps).toEqual(epsSeen[0]!.map((v) => expect.closeTo(v, 4)));
  });

  it('calls the model at each grid timestep with the previous step result', async () => {
    const seen: number[] = [];
    await sampleDiffusion({
      scheduler: scheduler('sample'),
      steps: 7,
      sampler: 'ddim',
      eta: 0,
      xT: float32([1, 1], [0]),
      noiseAt: () => new Float32Array(1),
      model: (x, t) => {
        seen.push(t);
        return Promise.resolve(float32(x.dims, [0]));
      },
    });
    expect(seen).toEqual([999, 832, 666, 500, 333, 166, 0]);
  });
});

describe('invertDiffusion', () => {
  it('walks the grid upwards: with a constant x0 model the result has the closed form', async () => {
    const c = 0.2;
    const image = float32([1, 2], [0.5, -0.25]);
    const seen: number[] = [];
    const xT = await invertDiffusion({
      scheduler: scheduler('sample'),
      steps: 4,
      x0: image,
      refine: 0,
      model: (x, t) => {
        seen.push(t);
        return Promise.resolve(float32(x.dims, [c, c]));
      },
    });
    expect(seen).toEqual([0, 333, 666]);
    const eps = Array.from(image.data, (v) => (v - Math.sqrt(abar[0]!) * c) / Math.sqrt(1 - abar[0]!));
    const want = eps.map((e) => Math.sqrt(abar[999]!) * c + Math.sqrt(1 - abar[999]!) * e);
    expect(Array.from(xT.data)).toEqual(want.map((v) => expect.closeTo(v, 4)));
  });
});

describe('applyGuidance', () => {
  it('returns u + s (c - u) for [uncond; cond] rows', () => {
    const out = applyGuidance(float32([2, 2], [1, 2, 3, 6]), 3, false);
    expect(out.dims).toEqual([1, 2]);
    expect(Array.from(out.data)).toEqual([7, 14]);
  });

  it('takes variance channels from the cond rows unguided', () => {
    // [2, 2, 1, 1]: channel 0 = prediction, channel 1 = variance.
    const out = applyGuidance(float32([2, 2, 1, 1], [1, -0.5, 3, 0.25]), 2, true);
    expect(out.dims).toEqual([1, 2, 1, 1]);
    expect(Array.from(out.data)).toEqual([5, 0.25]);
  });

  it('refuses an odd number of rows', () => {
    expect(() => applyGuidance(float32([3, 1], [1, 2, 3]), 2, false)).toThrow(/uncond; cond/);
  });
});

describe('splitModelOutput', () => {
  const output = float32([2, 2, 1, 1], [1, 0.5, 2, -0.5]);
  it('splits [B, 2C, ...] rows into prediction and variance for learned_range', () => {
    const { prediction, varianceValues } = splitModelOutput(output, 2, 'learned_range');
    expect(Array.from(prediction)).toEqual([1, 2]);
    expect(Array.from(varianceValues!)).toEqual([0.5, -0.5]);
  });

  it('ignores variance channels for fixed_small_log and requires them for learned_range', () => {
    expect(splitModelOutput(output, 2, 'fixed_small_log').varianceValues).toBeUndefined();
    expect(() => splitModelOutput(float32([2, 1], [1, 2]), 2, 'learned_range')).toThrow(
      /prediction \+ variance/,
    );
  });
});
