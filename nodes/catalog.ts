/**
 * The registry of node types: one table, type id -> definition, used by the engine and the server. The editor
 * never imports it: it gets the specs from GET /api/nodes.
 */

import type { NodeSpec } from '../core/node-spec.ts';
import { type AnyNodeDefinition, describeNode } from './define.ts';
import { decoderInvert } from './types/decoder-invert.ts';
import { decoderSample } from './types/decoder-sample.ts';
import { embeddingFromText } from './types/embedding-from-text.ts';
import { embeddingInterpolate } from './types/embedding-interpolate.ts';
import { embeddingPca } from './types/embedding-pca.ts';
import { embeddingSimilarity } from './types/embedding-similarity.ts';
import { embeddingTextDiff } from './types/embedding-text-diff.ts';
import { imageEncode } from './types/image-encode.ts';
import { imageLoad } from './types/image-load.ts';
import { imagePreview } from './types/image-preview.ts';
import { imageSave } from './types/image-save.ts';
import { modelLoad } from './types/model-load.ts';
import { noiseInterpolate } from './types/noise-interpolate.ts';
import { priorSample } from './types/prior-sample.ts';
import { textEncode } from './types/text-encode.ts';
import { upsamplerSample } from './types/upsampler-sample.ts';

/** Every node type, in menu order. */
const DEFINITIONS: readonly AnyNodeDefinition[] = [
  modelLoad,
  textEncode,
  imageLoad,
  imageEncode,
  priorSample,
  embeddingFromText,
  decoderSample,
  decoderInvert,
  upsamplerSample,
  embeddingInterpolate,
  noiseInterpolate,
  embeddingTextDiff,
  embeddingPca,
  embeddingSimilarity,
  imageSave,
  imagePreview,
];

/** Every node type by id. Look types up with getNodeType (a Map: no "constructor" or "__proto__" surprises). */
export const NODE_TYPES: ReadonlyMap<string, AnyNodeDefinition> = new Map(
  DEFINITIONS.map((d) => [d.type, d]),
);

export function getNodeType(type: string): AnyNodeDefinition | undefined {
  return NODE_TYPES.get(type);
}

/** The serialisable catalogue (GET /api/nodes), in menu order. */
export function describeCatalog(): NodeSpec[] {
  return DEFINITIONS.map(describeNode);
}
