/** CLIP text encoding shared by text.encode and the guidance (empty prompt) rows of prior and decoder. */
import { l2normalizeRows } from '../../math/slerp.ts';
import type { ModelHandle, TextValue } from '../../values.ts';

/**
 * Tokenises and encodes prompts with the bundle's clip_text stage. Feeds input_ids and attention_mask
 * (attention_mask is optional in STAGE_IO: the runtime drops it for graphs that do not list it).
 * text_embeds are L2-normalised when the bundle's embedding_norm is 'l2'.
 */
export async function encodePrompts(
  model: ModelHandle,
  prompts: readonly string[],
  signal: AbortSignal,
): Promise<TextValue> {
  signal.throwIfAborted();
  const { ids, mask } = model.tokenize(prompts);
  const out = await model.run('clip_text', { input_ids: ids, attention_mask: mask }, signal);
  const embeds = out.text_embeds;
  const hidden = out.last_hidden_state;
  if (!embeds || !hidden) throw new Error('clip_text must output text_embeds and last_hidden_state');
  return {
    prompts: [...prompts],
    embeds: model.manifest.embedding_norm === 'l2' ? l2normalizeRows(embeds) : embeds,
    hidden,
    mask,
    ids,
  };
}
