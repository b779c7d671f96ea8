/**
 * The engine bench's baseline: text -> final PNG written as a plain loop over the same ModelHandle calls,
 * steps, samplers and guidance as the text-to-image workflow, with no engine, nodes, events or cache.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type DiffusionStageName, STAGE_MAIN_OUTPUT } from '../models/contract.ts';
import { applyGuidance, splitModelOutput } from '../nodes/math/guidance.ts';
import { tensorItemToRgba } from '../nodes/math/pixels.ts';
import { clampTensor, resizeBicubic } from '../nodes/math/resize.ts';
import { denoise, SAMPLERS, type SamplerKind } from '../nodes/math/samplers.ts';
import { noiseSchedule, timesteps } from '../nodes/math/schedule.ts';
import { l2normalizeRows } from '../nodes/math/slerp.ts';
import { concatBatch, type Float32Tensor, float32, repeatBatch, type Tensor } from '../nodes/tensor.ts';
import type { ModelHandle } from '../nodes/values.ts';
import { createRng } from '../server/engine/rng.ts';
import { encodePng } from '../server/images/index.ts';

export interface HandLoopSettings {
  prompt: string;
  count: number;
  prior: { steps: number; guidance: number };
  decoder: { steps: number; guidance: number };
  upsampler: { steps: number };
}

/** Sampling of one stage: `feeds(x, t)` builds the call's inputs (doubling rows when guided). */
async function sample(
  model: ModelHandle,
  stage: DiffusionStageName,
  xT: Float32Tensor,
  steps: number,
  sampler: SamplerKind,
  guidance: number,
  feeds: (x: Float32Tensor, t: number) => Record<string, Tensor>,
): Promise<Float32Tensor> {
  const scheduler = model.manifest.stages[stage].scheduler;
  const { alphasCumprod, T } = noiseSchedule(scheduler);
  const grid = timesteps(steps, T);
  const rng = createRng(1, `${stage}.steps`);
  let x = xT.data;
  for (let k = 0; k < grid.length; k++) {
    const t = grid[k]!;
    const abarT = alphasCumprod[t]!;
    const abarS = k + 1 < grid.length ? alphasCumprod[grid[k + 1]!]! : 1;
    let out = (await model.run(stage, feeds(float32(xT.dims, x), t)))[STAGE_MAIN_OUTPUT[stage]]!;
    if (guidance !== 1) out = applyGuidance(out, guidance, out.data.length / 2 === 2 * x.length);
    const { prediction, varianceValues } = splitModelOutput(out, x.length, scheduler.variance_type);
    const { x0, eps } = denoise(prediction, x, abarT, scheduler.prediction_type, scheduler.clip_sample_range);
    const varianceType = scheduler.variance_type;
    const noise = () => rng.normal(x.length);
    x = SAMPLERS[sampler]({ x, x0, eps, varianceValues, varianceType, t, abarT, abarS, eta: 0, noise });
  }
  return float32(xT.dims, x);
}

const timestep = (rows: number, t: number) => float32([rows], new Float32Array(rows).fill(t));

/** Runs the chain and writes `count` PNGs into `dir`; returns nothing but the files on disk. */
export async function handLoop(model: ModelHandle, s: HandLoopSettings, dir: string): Promise<void> {
  const m = model.manifest;
  const n = s.count;
  const encode = async (prompt: string) => {
    const { ids, mask } = model.tokenize([prompt]);
    const out = await model.run('clip_text', { input_ids: ids, attention_mask: mask });
    return { embeds: l2normalizeRows(out.text_embeds!), hidden: out.last_hidden_state!, mask };
  };
  const cond = await encode(s.prompt);
  const empty = await encode('');
  const both = <T extends Tensor>(u: T, c: T) => concatBatch([repeatBatch(u, n), repeatBatch(c, n)]);
  const text = {
    text_embeds: both(empty.embeds, cond.embeds),
    text_hidden_states: both(empty.hidden, cond.hidden),
    attention_mask: both(empty.mask, cond.mask),
  };
  const D = m.dims.embedding;
  const priorX0 = await sample(
    model,
    'prior',
    float32([n, D], createRng(1, 'prior.x_T').normal(n * D)),
    s.prior.steps,
    'ddpm',
    s.prior.guidance,
    (x, t) => ({ sample: concatBatch([x, x]), timestep: timestep(2 * n, t), ...text }),
  );
  const { clip_std, clip_mean } = m.stages.prior;
  const z = l2normalizeRows(
    float32(
      [n, D],
      priorX0.data.map((v, i) => v * clip_std[i % D]! + clip_mean[i % D]!),
    ),
  );
  const S = m.stages.decoder.image_size;
  const drop = float32(
    [2 * n],
    Float32Array.from({ length: 2 * n }, (_, i) => (i < n ? 1 : 0)),
  );
  const decoded = await sample(
    model,
    'decoder',
    float32([n, 3, S, S], createRng(1, 'decoder.x_T').normal(n * 3 * S * S)),
    s.decoder.steps,
    'ddpm',
    s.decoder.guidance,
    (x, t) => ({
      sample: concatBatch([x, x]),
      timestep: timestep(2 * n, t),
      image_embeds: concatBatch([z, z]),
      ...text,
      drop_image_embed: drop,
    }),
  );
  let image = clampTensor(decoded, -1, 1);
  for (const stage of ['upsampler1', 'upsampler2'] as const) {
    const size = m.stages[stage].image_size;
    const lowRes = clampTensor(resizeBicubic(image, size, size), -1, 1);
    const xT = float32([n, 3, size, size], createRng(1, `${stage}.x_T`).normal(n * 3 * size * size));
    const up = await sample(model, stage, xT, s.upsampler.steps, 'ddim', 1, (x, t) => ({
      sample: x,
      low_res: lowRes,
      timestep: timestep(n, t),
    }));
    image = clampTensor(up, -1, 1);
  }
  for (let i = 0; i < n; i++)
    await writeFile(
      join(dir, `hand_${i}.png`),
      encodePng(tensorItemToRgba(image, i), { text: { workflow: '{}' } }),
    );
}
