/** The model-free node types: interpolation sweeps, text diffs, similarity, and the output nodes. */
import { describe, expect, it } from 'vitest';
import { resolveParams } from '../../../core/workflow/resolve-params.ts';
import { getNodeType } from '../../../nodes/catalog.ts';
import type { ExecContext } from '../../../nodes/define.ts';
import { cosineSimilarity, l2normalize, norm } from '../../../nodes/math/slerp.ts';
import { type Float32Tensor, float32, sliceBatch } from '../../../nodes/tensor.ts';
import type { ImageValue, TextValue } from '../../../nodes/values.ts';
import { runNode } from './fixture-context.ts';

const noCtx = {} as ExecContext;
const row = (t: Float32Tensor, i: number) => Array.from(sliceBatch(t, i, i + 1).data);
const close = (v: number[], digits = 5) => v.map((x) => expect.closeTo(x, digits));
const a = float32([1, 3], l2normalize([1, 0, 0]));
const b = float32([1, 3], l2normalize([0, 1, 1]));
const textOf = (embeds: Float32Tensor) => ({ embeds, prompts: [] }) as unknown as TextValue;

const run = (type: string, params: Record<string, unknown>, inputs: Record<string, unknown>, ctx = noCtx) =>
  runNode(type, params, inputs, ctx);

describe('embedding.interpolate and noise.interpolate', () => {
  it('makes evenly spaced frames from a to b, labelled t=…', async () => {
    const { outputs } = await run(
      'embedding.interpolate',
      { from: 0, to: 1, frames: 5 },
      { a: { embeds: a }, b: { embeds: b } },
    );
    const out = outputs.embedding as { embeds: Float32Tensor; labels: string[] };
    expect(out.labels).toEqual(['t=0.00', 't=0.25', 't=0.50', 't=0.75', 't=1.00']);
    expect(row(out.embeds, 0)).toEqual(close(Array.from(a.data)));
    expect(row(out.embeds, 4)).toEqual(close(Array.from(b.data)));
    expect(cosineSimilarity(row(out.embeds, 2), a.data)).toBeCloseTo(Math.cos(Math.PI / 4), 5);
  });

  it('interpolates equal batches pairwise and refuses batches that do not fit', async () => {
    const a2 = float32([2, 3], [...a.data, ...b.data]);
    const b2 = float32([2, 3], [...b.data, ...a.data]);
    const { outputs } = await run(
      'embedding.interpolate',
      { from: 0, to: 1, frames: 2 },
      { a: { embeds: a2 }, b: { embeds: b2 } },
    );
    const out = outputs.embedding as { embeds: Float32Tensor; labels: string[] };
    expect(out.labels).toEqual(['#1 t=0.00', '#1 t=1.00', '#2 t=0.00', '#2 t=1.00']);
    expect(row(out.embeds, 2)).toEqual(close(Array.from(b.data)));
    const b3 = float32([3, 3], [...b.data, ...a.data, ...a.data]);
    await expect(
      run('embedding.interpolate', { from: 0, to: 1, frames: 2 }, { a: { embeds: a2 }, b: { embeds: b3 } }),
    ).rejects.toThrow(/batch sizes do not fit/);
  });

  it('keeps noise shapes and interpolates the norm; enforces the batch-row limit', async () => {
    const n1 = float32([1, 3, 1, 1], [2, 0, 0]);
    const n2 = float32([1, 3, 1, 1], [0, 4, 0]);
    const { outputs } = await run(
      'noise.interpolate',
      { from: 0.5, to: 0.5, frames: 1 },
      { a: { noise: n1 }, b: { noise: n2 } },
    );
    const out = outputs.noise as { noise: Float32Tensor; labels: string[] };
    expect(out.noise.dims).toEqual([1, 3, 1, 1]);
    expect(norm(out.noise.data)).toBeCloseTo(3, 5);
    expect(out.labels).toEqual(['t=0.50']);
    const many = float32([2, 3, 1, 1], [2, 0, 0, 0, 2, 0]);
    await expect(
      run('noise.interpolate', { from: 0, to: 1, frames: 64 }, { a: { noise: many }, b: { noise: n2 } }),
    ).rejects.toThrow(/128 batch rows; the limit is 64/);
  });
});

describe('embedding.text_diff', () => {
  it('slerps toward norm(z_to - z_from), keeping |z|, labelled θ=…', async () => {
    const z = float32([1, 3], [0, 0, 2]);
    const from = textOf(float32([1, 3], [1, 0, 0]));
    const to = textOf(float32([1, 3], [1, 1, 0]));
    const { outputs } = await run(
      'embedding.text_diff',
      { theta_from: 0, theta_to: 1, frames: 3 },
      { embedding: { embeds: z }, from, to },
    );
    const out = outputs.embedding as { embeds: Float32Tensor; labels: string[] };
    expect(out.labels).toEqual(['θ=0.00', 'θ=0.50', 'θ=1.00']);
    expect(row(out.embeds, 0)).toEqual(close([0, 0, 2]));
    expect(row(out.embeds, 1)).toEqual(close([0, Math.SQRT2, Math.SQRT2]));
    expect(row(out.embeds, 2)).toEqual(close([0, 2, 0]));
  });
});

describe('embedding.similarity', () => {
  it('shows the cosine of each item to its text', async () => {
    const embeds = float32([2, 3], [...a.data, ...b.data]);
    const { display } = await run(
      'embedding.similarity',
      {},
      { embedding: { embeds, labels: ['x', 'y'] }, text: textOf(a) },
    );
    expect(display?.values).toEqual([
      { label: 'x', value: expect.closeTo(1, 6) },
      { label: 'y', value: expect.closeTo(0, 6) },
    ]);
  });
});

describe('embedding.from_text', () => {
  it('passes the text embedding on as an image embedding, labelled by prompt when batched', async () => {
    const text = {
      embeds: float32([2, 3], [...a.data, ...b.data]),
      prompts: ['p', 'q'],
    } as unknown as TextValue;
    const { outputs } = await run('embedding.from_text', {}, { text });
    expect(outputs.embedding).toEqual({ embeds: text.embeds, labels: ['p', 'q'] });
  });
});

describe('output nodes', () => {
  const image: ImageValue = { pixels: float32([1, 3, 1, 1]) };
  const writing = (seen: unknown[]) =>
    ({
      writeImages: (images: ImageValue, options: unknown) => {
        seen.push(images, options);
        return Promise.resolve([{ file: 'x.png', width: 1, height: 1 }]);
      },
    }) as unknown as ExecContext;

  it('image.save keeps files; image.preview writes temporary ones; both display them', async () => {
    const saved: unknown[] = [];
    const save = await run('image.save', { prefix: 'cats' }, { image }, writing(saved));
    expect(saved).toEqual([image, { prefix: 'cats', temporary: false }]);
    expect(save.display?.images).toEqual([{ file: 'x.png', width: 1, height: 1 }]);
    const previewed: unknown[] = [];
    await run('image.preview', {}, { image }, writing(previewed));
    expect(previewed[1]).toEqual({ prefix: 'preview', temporary: true });
  });

  it('image.save refuses prefixes that are not plain names', () => {
    const save = getNodeType('image.save')!;
    expect(resolveParams(save, { prefix: '../etc' }, 's').issues).toEqual([
      { node: 's', param: 'prefix', message: 'param "prefix" must be 1-64 letters, digits, "_" or "-"' },
    ]);
    expect(resolveParams(save, { prefix: 'ok_name-1' }, 's').issues).toEqual([]);
  });
});
