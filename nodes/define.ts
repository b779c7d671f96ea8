/** What a node type is: its ports, params and execute function, declared once for editor and server. */
import type { ParamSpec, ParamValues } from './params.ts';
import type { SocketKind } from './sockets.ts';
import type { Float32Tensor } from './tensor.ts';
import type { ImageValue, ModelHandle, SocketValues } from './values.ts';

export interface InputPort {
  kind: SocketKind;
  label?: string;
  /** Optional inputs may stay unconnected; execute then gets undefined. */
  optional?: boolean;
  help?: string;
}
export interface OutputPort {
  kind: SocketKind;
  label?: string;
  help?: string;
}

export type NodeCategory =
  | 'model'
  | 'text'
  | 'image'
  | 'prior'
  | 'decoder'
  | 'embedding'
  | 'noise'
  | 'output';

/** What an output node shows in the editor (and what the run record keeps). */
export interface DisplayImage {
  /** Name under the outputs folder (served by GET /api/outputs/:file). */
  file: string;
  width: number;
  height: number;
  label?: string;
}
export interface NodeDisplay {
  images?: DisplayImage[];
  values?: { label: string; value: number }[];
  text?: string;
}

/** A counter-based random generator owned by the engine: same seed and stream, same numbers, everywhere. */
export interface Rng {
  /** Standard normal samples. */
  normal(count: number): Float32Array;
  /** Uniform [0, 1) samples. */
  uniform(count: number): Float32Array;
}

export interface ExecContext {
  readonly nodeId: string;
  readonly signal: AbortSignal;
  /** Load (or reuse) a model bundle by name. */
  model(bundle: string): Promise<ModelHandle>;
  /** A generator for this seed; `stream` separates independent uses of one seed (e.g. "x_T", "step"). */
  rng(seed: number, stream: string): Rng;
  progress(step: number, steps: number): void;
  /** Offer an x0 prediction ([B,3,H,W] in [-1,1]) as a live preview; the engine throttles and downsizes. */
  preview(step: number, steps: number, x0: Float32Tensor): void;
  /** Read and decode an image from the inputs folder. */
  readInputImage(file: string): Promise<ImageValue>;
  /** Write images as PNG (workflow embedded) into outputs (or the temp area for previews). */
  writeImages(images: ImageValue, options: { prefix: string; temporary: boolean }): Promise<DisplayImage[]>;
}

export interface ExecResult<O> {
  outputs: O;
  display?: NodeDisplay;
}

type InputValues<I extends Record<string, InputPort>> = {
  [K in keyof I]: I[K]['optional'] extends true
    ? SocketValues[I[K]['kind']] | undefined
    : SocketValues[I[K]['kind']];
};
type OutputValues<O extends Record<string, OutputPort>> = { [K in keyof O]: SocketValues[O[K]['kind']] };

export interface NodeDefinition<
  I extends Record<string, InputPort> = Record<string, InputPort>,
  O extends Record<string, OutputPort> = Record<string, OutputPort>,
  P extends Record<string, ParamSpec> = Record<string, ParamSpec>,
> {
  type: string;
  title: string;
  category: NodeCategory;
  description: string;
  inputs: I;
  outputs: O;
  params: P;
  /** Output nodes are always executed (they are the roots of the plan). */
  isOutput?: boolean;
  /** Extra checks on params beyond their ranges; returns [param, message] pairs. */
  checkParams?(params: ParamValues<P>): [keyof P & string, string][];
  execute(args: {
    params: ParamValues<P>;
    inputs: InputValues<I>;
    ctx: ExecContext;
  }): Promise<ExecResult<OutputValues<O>>>;
}

export type AnyNodeDefinition = NodeDefinition<
  Record<string, InputPort>,
  Record<string, OutputPort>,
  Record<string, ParamSpec>
>;

/** Declare a node type with full inference of param, input and output types. */
export function defineNode<
  const I extends Record<string, InputPort>,
  const O extends Record<string, OutputPort>,
  const P extends Record<string, ParamSpec>,
>(def: NodeDefinition<I, O, P>): AnyNodeDefinition {
  return def as unknown as AnyNodeDefinition;
}

/** The serialisable part of a definition (GET /api/nodes). */
export type NodeTypeInfo = Omit<AnyNodeDefinition, 'execute' | 'checkParams'>;

export function describeNode(def: AnyNodeDefinition): NodeTypeInfo {
  const { execute: _e, checkParams: _c, ...info } = def;
  return info;
}
