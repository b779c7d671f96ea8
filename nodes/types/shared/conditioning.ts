/**
 * The conditioning feeds of the guided stages (prior and decoder) in one place: the conditional rows, the
 * unconditional rows classifier-free guidance needs (the empty prompt; for the decoder also
 * drop_image_embed = 1, the learned null image embedding), and the one guided model call both use.
 */
import type { ExecContext } from '../../define.ts';
import { concatBatch, type Float32Tensor, float32, type Int64Tensor, type Tensor } from '../../tensor.ts';
import type { EmbeddingValue, ModelHandle, TextValue } from '../../values.ts';
import { broadcastRows } from './batch.ts';
import { filled, guide, runStage } from './sampling.ts';
import { encodePrompts } from './text.ts';

export interface TextFeeds {
  text_embeds: Float32Tensor;
  text_hidden_states: Float32Tensor;
  attention_mask: Int64Tensor;
}
export interface DecoderFeeds extends TextFeeds {
  image_embeds: Float32Tensor;
  drop_image_embed: Float32Tensor;
}

/** Feeds for a guided stage: the conditional rows, and the unconditional rows when guidance is on. */
export interface Conditioning<F> {
  cond: F;
  uncond?: F;
}

/** A text encoding's feeds with its rows spread to n (each row repeated in place). */
function textFeeds(text: TextValue, n: number): TextFeeds {
  return {
    text_embeds: broadcastRows(text.embeds, n),
    text_hidden_states: broadcastRows(text.hidden, n),
    attention_mask: broadcastRows(text.mask, n),
  };
}

const emptyPrompt = (ctx: ExecContext, model: ModelHandle) => encodePrompts(model, [''], ctx.signal);

/** Prior feeds for `rows` rows, row r conditioned on prompt floor(r / perPrompt). */
export async function priorConditioning(
  ctx: ExecContext,
  model: ModelHandle,
  text: TextValue,
  perPrompt: number,
  guided: boolean,
): Promise<Conditioning<TextFeeds>> {
  const rows = text.prompts.length * perPrompt;
  const cond = textFeeds(text, rows);
  return { cond, uncond: guided ? textFeeds(await emptyPrompt(ctx, model), rows) : undefined };
}

/**
 * Decoder feeds for n items. Cond rows: the caption (the empty prompt without text) and the embedding;
 * without an embedding it is dropped (drop_image_embed = 1), the caption-only arm of the paper's ablation.
 * Uncond rows: the empty prompt and the dropped embedding.
 */
export async function decoderConditioning(
  ctx: ExecContext,
  model: ModelHandle,
  embedding: EmbeddingValue | undefined,
  text: TextValue | undefined,
  n: number,
  guided: boolean,
): Promise<Conditioning<DecoderFeeds>> {
  const empty = guided || !text ? await emptyPrompt(ctx, model) : undefined;
  const D = model.manifest.dims.embedding;
  const imageEmbeds = embedding ? broadcastRows(embedding.embeds, n) : float32([n, D]);
  const cond = {
    ...textFeeds(text ?? empty!, n),
    image_embeds: imageEmbeds,
    drop_image_embed: filled(n, embedding ? 0 : 1),
  };
  if (!guided) return { cond };
  return {
    cond,
    uncond: { ...textFeeds(empty!, n), image_embeds: imageEmbeds, drop_image_embed: filled(n, 1) },
  };
}

/** The cond feeds alone, or [uncond; cond] rows concatenated input by input. */
function batchedFeeds<F extends object>({ cond, uncond }: Conditioning<F>): Record<string, Tensor> {
  const c = cond as Record<string, Tensor>;
  if (!uncond) return c;
  const u = uncond as Record<string, Tensor>;
  return Object.fromEntries(Object.keys(c).map((k) => [k, concatBatch([u[k]!, c[k]!])]));
}

/**
 * The model callback of a guided stage for sampleDiffusion/invertDiffusion: with unconditional rows, one
 * stage call on [uncond; cond] (the sample twice) and u + scale (c - u); without, the cond rows alone.
 */
export function guidedModel<F extends object>(
  ctx: ExecContext,
  model: ModelHandle,
  stage: 'prior' | 'decoder',
  conditioning: Conditioning<F>,
  scale: number,
) {
  const feeds = batchedFeeds(conditioning);
  const guided = conditioning.uncond !== undefined;
  return async (x: Float32Tensor, t: number): Promise<Float32Tensor> => {
    const sample = guided ? concatBatch([x, x]) : x;
    const out = await runStage(ctx, model, stage, { sample, timestep: filled(sample.dims[0]!, t), ...feeds });
    return guided ? guide(out, scale, x) : out;
  };
}
