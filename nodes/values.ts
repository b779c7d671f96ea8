/** The runtime values that travel along edges, one type per socket kind. Every value is a batch. */
import type { BundleManifest, PcaBasis, StageName } from '../models/contract.ts';
import type { Float32Tensor, Int64Tensor, Tensor } from './tensor.ts';

/** A loaded bundle. Implemented by server/runtime; nodes only see this interface. */
export interface ModelHandle {
  readonly name: string;
  readonly manifest: BundleManifest;
  /** Run one stage. Feeds are checked against the stage's ONNX inputs; a bad feed throws naming the input. */
  run(
    stage: StageName,
    feeds: Record<string, Tensor>,
    signal?: AbortSignal,
  ): Promise<Record<string, Float32Tensor>>;
  /** Tokenise, add SOT/EOT, truncate to the context length (EOT kept last), pad with pad_id. */
  tokenize(texts: readonly string[]): { ids: Int64Tensor; mask: Int64Tensor };
  /** The bundle's PCA basis of the embedding space. */
  pca(): Promise<PcaBasis>;
}

/** Per-item labels carried through a batch, e.g. "t=0.25" for interpolation frames. */
export type ItemLabels = readonly string[] | undefined;

export interface TextValue {
  readonly prompts: readonly string[];
  /** [B, D], normalised per the bundle's embedding_norm. */
  readonly embeds: Float32Tensor;
  /** [B, L, W] */
  readonly hidden: Float32Tensor;
  /** [B, L] */
  readonly mask: Int64Tensor;
  readonly ids: Int64Tensor;
}

export interface EmbeddingValue {
  /** [B, D], normalised per the bundle's embedding_norm. */
  readonly embeds: Float32Tensor;
  readonly labels?: ItemLabels;
}

export interface ImageValue {
  /** [B, 3, H, W], values in [-1, 1]. */
  readonly pixels: Float32Tensor;
  readonly labels?: ItemLabels;
}

export interface NoiseValue {
  /** [B, 3, H, W] decoder start latents x_T. */
  readonly noise: Float32Tensor;
  readonly labels?: ItemLabels;
}

export interface SocketValues {
  model: ModelHandle;
  text: TextValue;
  embedding: EmbeddingValue;
  image: ImageValue;
  noise: NoiseValue;
}
