/** Helpers for the diffusion stage nodes: model feeds, guidance and the per-step callbacks. */
import { type DiffusionStageName, STAGE_MAIN_OUTPUT, type StageName } from '../../../models/contract.ts';
import type { ExecContext } from '../../define.ts';
import { applyGuidance } from '../../math/guidance.ts';
import { type Float32Tensor, float32, type Tensor } from '../../tensor.ts';
import type { ModelHandle } from '../../values.ts';

/** A float32 [rows] tensor filled with `value` (timesteps, drop flags). */
export function filled(rows: number, value: number): Float32Tensor {
  return float32([rows], new Float32Array(rows).fill(value));
}

/** Runs a stage and returns its main output (the contract's STAGE_MAIN_OUTPUT), checking for cancellation first. */
export async function runStage(
  ctx: ExecContext,
  model: ModelHandle,
  stage: StageName,
  feeds: Record<string, Tensor>,
): Promise<Float32Tensor> {
  ctx.signal.throwIfAborted();
  const out = await model.run(stage, feeds, ctx.signal);
  const output = STAGE_MAIN_OUTPUT[stage];
  const value = out[output];
  if (!value) throw new Error(`${stage} returned no "${output}" (got ${Object.keys(out).join(', ')})`);
  return value;
}

/**
 * CFG over a [uncond; cond] output for a sample of `sampleRows` rows: variance channels (an output row
 * twice the sample row) come from the cond rows unguided.
 */
export function guide(output: Float32Tensor, scale: number, sample: Float32Tensor): Float32Tensor {
  const outRow = output.data.length / (output.dims[0] ?? 1);
  const sampleRow = sample.data.length / (sample.dims[0] ?? 1);
  return applyGuidance(output, scale, outRow === 2 * sampleRow);
}

/** Where one batch row's noise comes from: its seed, and a tag that separates e.g. prior candidates. */
export interface NoiseRow {
  seed: number;
  tag?: string;
}

/**
 * Per-row noise of a diffusion stage: x_T from stream "<stage>.x_T<tag>" and step k's noise from
 * "<stage>.step.<k><tag>", each drawn per row from that row's seed, so a row never depends on the batch.
 */
export function stageNoise(
  ctx: ExecContext,
  stage: DiffusionStageName,
  rows: readonly NoiseRow[],
  perRow: number,
) {
  const draw = (stream: string) => {
    const out = new Float32Array(rows.length * perRow);
    rows.forEach((row, i) => {
      out.set(ctx.rng(row.seed, stream + (row.tag ?? '')).normal(perRow), i * perRow);
    });
    return out;
  };
  return {
    xT: (dims: readonly number[]) => float32(dims, draw(`${stage}.x_T`)),
    stepNoise: (k: number) => draw(`${stage}.step.${k}`),
  };
}

/** The onStep callback of the stage nodes: progress, and a live preview for image stages. */
export function reportStep(ctx: ExecContext, steps: number, preview: boolean) {
  return (k: number, x0: Float32Tensor) => {
    ctx.progress(k + 1, steps);
    if (preview) ctx.preview(k + 1, steps, x0);
  };
}
