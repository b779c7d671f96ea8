import { assertBatchRows } from '../../core/limits.ts';
import { defineNode } from '../define.ts';
import { clipPixelValues } from '../math/crop-resize.ts';
import { l2normalizeRows } from '../math/slerp.ts';
import { batchOf } from './shared/batch.ts';
import { runStage } from './shared/sampling.ts';

export const imageEncode = defineNode({
  type: 'image.encode',
  title: 'Encode Image',
  category: 'image',
  description:
    'CLIP image embedding of each image (short side resized to the CLIP size, centre-cropped, normalised), e.g. for variations.',
  inputs: { model: { kind: 'model' }, image: { kind: 'image' } },
  outputs: { embedding: { kind: 'embedding' } },
  rows: { inputs: ['image'] },
  params: {},
  async execute({ inputs, ctx }) {
    const { model, image } = inputs;
    assertBatchRows(batchOf(image.pixels), 'image.encode');
    const clip = model.manifest.stages.clip_image;
    const pixelValues = clipPixelValues(image.pixels, clip.image_size, clip.mean, clip.std);
    const raw = await runStage(ctx, model, 'clip_image', { pixel_values: pixelValues });
    const embeds = model.manifest.embedding_norm === 'l2' ? l2normalizeRows(raw) : raw;
    return { outputs: { embedding: { embeds, labels: image.labels } } };
  },
});
