/** Every stage of the shipped bundle, run through ONNX Runtime, matches the torch reference outputs. */
import { afterAll, describe, expect, it } from 'vitest';
import { STAGE_NAMES, type StageName } from '../../models/contract.ts';
import type { Tensor } from '../../nodes/tensor.ts';
import { ModelRegistry } from '../../server/runtime/index.ts';
import { compare, i64, loadFixture } from '../helpers/fixtures.ts';

const registry = new ModelRegistry();
afterAll(() => registry.dispose());

describe('shipped bundle stages vs torch', () => {
  it.each(STAGE_NAMES.map((s) => [s]))('%s matches the torch fixture', async (stage: StageName) => {
    const fx = loadFixture(`stage_${stage}.json`);
    const feeds: Record<string, Tensor> = {};
    for (const [k, t] of Object.entries(fx.tensors)) if (k.startsWith('in.')) feeds[k.slice(3)] = t;
    const bundle = await registry.load('shapes-tiny');
    const out = await bundle.run(stage, feeds);
    const outputs = Object.entries(fx.tensors).filter(([k]) => k.startsWith('out.'));
    expect(outputs.length).toBeGreaterThan(0);
    for (const [k, want] of outputs) {
      const got = out[k.slice(4)];
      expect(got, `output ${k}`).toBeDefined();
      expect(got?.dims).toEqual(want.dims);
      const { maxAbs, rel } = compare(got!.data, want.data as Float32Array);
      console.log(
        `ORT vs torch ${stage}.${k.slice(4)}: max abs ${maxAbs.toExponential(2)}, relative ${rel.toExponential(2)}`,
      );
      expect(rel).toBeLessThan(1e-4);
    }
  });
});

describe('tokenizer', () => {
  it('matches the recipe token ids and masks', async () => {
    const fx = loadFixture('tokens.json');
    const texts = fx.meta.texts as string[];
    const bundle = await registry.load('shapes-tiny');
    const { ids, mask } = bundle.tokenize(texts);
    const wantIds = i64(fx, 'input_ids');
    expect(ids.dims).toEqual(wantIds.dims);
    expect([...ids.data]).toEqual([...wantIds.data]);
    expect([...mask.data]).toEqual([...i64(fx, 'attention_mask').data]);
  });

  it('tokenizes any text, unknown words and emoji included, to the context length', async () => {
    const bundle = await registry.load('shapes-tiny');
    const L = bundle.manifest.dims.context_length;
    const { ids, mask } = bundle.tokenize(['zxqv flibber 🦄 ☃', 'word '.repeat(200), '']);
    expect(ids.dims).toEqual([3, L]);
    const { eot_id } = bundle.manifest.tokenizer;
    expect(ids.data[L + L - 1]).toBe(BigInt(eot_id)); // truncated row keeps EOT last
    expect(mask.data[2 * L + 1]).toBe(1n); // the empty prompt is [SOT, EOT]
    expect(mask.data[2 * L + 2]).toBe(0n);
  });
});
