/**
 * A node type of the server-side library: its spec (core/node-spec.ts: ports, params, rules; what the
 * editor sees) plus the execute function. Declared once per file in nodes/types/.
 */
import type { DisplayImage, InputPort, NodeDisplay, NodeSpec, OutputPort } from '../core/node-spec.ts';
import type { ParamSpec, ParamValues } from '../core/param-spec.ts';
import type { Float32Tensor } from './tensor.ts';
import type { ImageValue, ModelHandle, SocketValues } from './values.ts';

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
> extends Omit<NodeSpec, 'inputs' | 'outputs' | 'params'> {
  inputs: I;
  outputs: O;
  params: P;
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

/** The serialisable spec of a definition (GET /api/nodes). */
export function describeNode(def: AnyNodeDefinition): NodeSpec {
  const { execute: _execute, ...spec } = def;
  return spec;
}
