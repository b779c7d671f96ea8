/** The decoder's conditioning feeds, shared by decoder.sample and decoder.invert. */
import type { ExecContext } from '../../define.ts';
import { concatBatch, type Float32Tensor, type Int64Tensor, repeatBatch } from '../../tensor.ts';
import type { EmbeddingValue, ModelHandle, TextValue } from '../../values.ts';
import { broadcastRows } from './batch.ts';
import { filled } from './sampling.ts';
import { encodePrompts } from './text.ts';

export interface DecoderConditioning {
  image_embeds: Float32Tensor;
  text_embeds: Float32Tensor;
  text_hidden_states: Float32Tensor;
  attention_mask: Int64Tensor;
  drop_image_embed: Float32Tensor;
}

/**
 * Feeds for n items: cond rows use the embedding and the text (the empty prompt without text). With
 * `guided`, n unconditional rows come first: empty prompt and drop_image_embed = 1.
 */
export async function decoderConditioning(
  ctx: ExecContext,
  model: ModelHandle,
  embedding: EmbeddingValue,
  text: TextValue | undefined,
  n: number,
  guided: boolean,
): Promise<DecoderConditioning> {
  const needEmpty = guided || !text;
  const empty = needEmpty ? await encodePrompts(model, [''], ctx.signal) : undefined;
  const condText = text ?? empty!;
  const cond: DecoderConditioning = {
    image_embeds: broadcastRows(embedding.embeds, n),
    text_embeds: broadcastRows(condText.embeds, n),
    text_hidden_states: broadcastRows(condText.hidden, n),
    attention_mask: broadcastRows(condText.mask, n),
    drop_image_embed: filled(n, 0),
  };
  if (!guided) return cond;
  return {
    image_embeds: concatBatch([cond.image_embeds, cond.image_embeds]),
    text_embeds: concatBatch([repeatBatch(empty!.embeds, n), cond.text_embeds]),
    text_hidden_states: concatBatch([repeatBatch(empty!.hidden, n), cond.text_hidden_states]),
    attention_mask: concatBatch([repeatBatch(empty!.mask, n), cond.attention_mask]),
    drop_image_embed: concatBatch([filled(n, 1), cond.drop_image_embed]),
  };
}
