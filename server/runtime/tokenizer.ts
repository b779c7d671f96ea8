/**
 * Bundle tokenisation: a Hugging Face tokenizer.json (loaded by @huggingface/tokenizers, pure JS), then the
 * host's CLIP-style framing: [SOT] tokens [EOT], truncated to the context length with EOT kept last, padded
 * with pad_id; attention_mask is 1 on real tokens.
 */
import { Tokenizer } from '@huggingface/tokenizers';
import type { BundleManifest } from '../../models/contract.ts';
import { type Int64Tensor, int64 } from '../../nodes/tensor.ts';

export interface BundleTokenizer {
  encode(texts: readonly string[]): { ids: Int64Tensor; mask: Int64Tensor };
}

export function createTokenizer(json: unknown, manifest: BundleManifest): BundleTokenizer {
  const { pad_id: pad, sot_id: sot, eot_id: eot } = manifest.tokenizer;
  const L = manifest.dims.context_length;
  const tokenizer = new Tokenizer(json as object, {});
  const frame = (text: string): number[] => {
    let ids = tokenizer.encode(text, { add_special_tokens: true }).ids;
    // A tokenizer.json without a post-processor gives bare tokens: frame them here.
    if (ids[0] !== sot) ids = [sot, ...ids];
    if (ids[ids.length - 1] !== eot) ids = [...ids, eot];
    if (ids.length > L) ids = [...ids.slice(0, L - 1), eot];
    return ids;
  };
  return {
    encode(texts) {
      const ids = new BigInt64Array(texts.length * L).fill(BigInt(pad));
      const mask = new BigInt64Array(texts.length * L);
      texts.forEach((text, row) => {
        frame(text).forEach((id, i) => {
          ids[row * L + i] = BigInt(id);
          mask[row * L + i] = 1n;
        });
      });
      return { ids: int64([texts.length, L], ids), mask: int64([texts.length, L], mask) };
    },
  };
}
