import { assertBatchRows, MAX_BATCH_ROWS, MAX_CANDIDATES, MAX_COUNT } from '../../core/limits.ts';
import { defineNode } from '../define.ts';
import { sampleDiffusion } from '../math/diffusion.ts';
import { cosineSimilarity, l2normalizeRows } from '../math/slerp.ts';
import { float32 } from '../tensor.ts';
import { itemSeed } from './shared/batch.ts';
import { guidedModel, priorConditioning } from './shared/conditioning.ts';
import { guidanceParam, samplerParam, seedParam, stepsParam } from './shared/param-presets.ts';
import { stageNoise } from './shared/sampling.ts';

export const priorSample = defineNode({
  type: 'prior.sample',
  title: 'Diffusion Prior',
  category: 'prior',
  description:
    'Samples CLIP image embeddings for each prompt with the diffusion prior (in standardised space, then mapped back with clip_std/clip_mean).',
  inputs: { model: { kind: 'model' }, text: { kind: 'text' } },
  outputs: { embedding: { kind: 'embedding', help: 'count embeddings per prompt, prompt by prompt.' } },
  rows: { inputs: ['text'], times: ['count'], work: ['candidates'] },
  params: {
    steps: stepsParam(25),
    guidance: guidanceParam(4),
    seed: seedParam,
    count: { kind: 'integer', default: 1, min: 1, max: MAX_COUNT, help: 'Embeddings to sample per prompt.' },
    candidates: {
      kind: 'integer',
      default: 1,
      min: 1,
      max: MAX_CANDIDATES,
      help: 'Samples drawn per embedding; the one most similar (cosine) to the prompt is kept (the paper uses 2).',
    },
    sampler: samplerParam('ddpm'),
  },
  rules: [
    {
      kind: 'product_at_most',
      params: ['count', 'candidates'],
      max: MAX_BATCH_ROWS,
      param: 'candidates',
      message: `count x candidates must be at most ${MAX_BATCH_ROWS}`,
    },
  ],
  async execute({ params, inputs, ctx }) {
    const { model, text } = inputs;
    const stage = model.manifest.stages.prior;
    const D = model.manifest.dims.embedding;
    const K = params.candidates;
    const items = text.prompts.length * params.count;
    const rows = items * K;
    assertBatchRows(rows, 'prior.sample');
    // Row r = item * K + candidate, item = prompt * count + copy.
    const conditioning = await priorConditioning(ctx, model, text, params.count * K, params.guidance !== 1);
    const noiseRows = Array.from({ length: rows }, (_, r) => ({
      seed: itemSeed(params.seed, Math.floor(r / K)),
      tag: `.c${r % K}`,
    }));
    const noise = stageNoise(ctx, 'prior', noiseRows, D);
    const x0 = await sampleDiffusion({
      scheduler: stage.scheduler,
      steps: params.steps,
      sampler: params.sampler,
      eta: 0,
      xT: noise.xT([rows, D]),
      noiseAt: noise.stepNoise,
      model: guidedModel(ctx, model, 'prior', conditioning, params.guidance),
      onStep: (k) => ctx.progress(k + 1, params.steps),
    });
    const z = new Float32Array(rows * D);
    for (let i = 0; i < rows * D; i++) z[i] = x0.data[i]! * stage.clip_std[i % D]! + stage.clip_mean[i % D]!;
    const embeds =
      model.manifest.embedding_norm === 'l2' ? l2normalizeRows(float32([rows, D], z)) : float32([rows, D], z);
    const best = bestCandidates(embeds.data, conditioning.cond.text_embeds.data, items, K, D);
    const labels =
      items > 1
        ? Array.from({ length: items }, (_, i) => {
            const prompt = text.prompts[Math.floor(i / params.count)]!;
            return params.count > 1 ? `${prompt} #${(i % params.count) + 1}` : prompt;
          })
        : undefined;
    return { outputs: { embedding: { embeds: float32([items, D], best), labels } } };
  },
});

/** Per item, the candidate row (of K) with the highest cosine to its text row. */
function bestCandidates(
  z: Float32Array,
  textRows: Float32Array,
  items: number,
  K: number,
  D: number,
): Float32Array {
  const out = new Float32Array(items * D);
  for (let i = 0; i < items; i++) {
    let best = 0;
    let bestScore = Number.NEGATIVE_INFINITY;
    for (let j = 0; j < K; j++) {
      const r = i * K + j;
      const score = cosineSimilarity(z.subarray(r * D, (r + 1) * D), textRows.subarray(r * D, (r + 1) * D));
      if (score > bestScore) {
        bestScore = score;
        best = r;
      }
    }
    out.set(z.subarray(best * D, (best + 1) * D), i * D);
  }
  return out;
}
