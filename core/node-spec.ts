/**
 * What a node type looks like from outside: ports, params and declarative rules. This is what
 * GET /api/nodes serves and what validation, connection checks and the editor read. The executable
 * part (execute) lives in the server-side node library (nodes/define.ts), which extends this type.
 */
import type { ParamSpec } from './param-spec.ts';
import type { SocketKind } from './sockets.ts';

export interface InputPort {
  kind: SocketKind;
  label?: string;
  /** Optional inputs may stay unconnected; execute then gets undefined. */
  optional?: boolean;
  /** An optional input that is required after all while param `param` has one of `values`. */
  requiredWhen?: { param: string; values: readonly (string | number)[] };
  help?: string;
}
/** Whether an input must be connected, given the node's param values (`param` answers with the default if unset). */
export function inputRequired(port: InputPort, param: (name: string) => unknown): boolean {
  const when = port.requiredWhen;
  return !port.optional || (when?.values.includes(param(when.param) as string | number) ?? false);
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

/**
 * A rule on params beyond each param's own range, declared as data so that the server, the CLI and
 * the editor all check it with the same code (core/workflow/resolve-params.ts).
 */
export type ParamRule = {
  /** The product of these integer params may not exceed `max`; reported on `param`. */
  kind: 'product_at_most';
  params: readonly string[];
  max: number;
  param: string;
  message: string;
};

/**
 * How many batch rows a node works on, declared as data so that validation (server, CLI and editor alike,
 * core/workflow/batch-rows.ts) estimates every node's rows before anything runs. Rows start from `lines`
 * (the non-empty lines of a text param, at least 1) or else the largest batch among the connected `inputs`
 * (1 when none); the output has that many rows times the `times` params; the node itself works on the
 * output rows times the `work` params. A node type without a rule outputs one row (a model, a loaded image).
 */
export interface RowsRule {
  lines?: string;
  inputs?: readonly string[];
  times?: readonly string[];
  work?: readonly string[];
}

export interface NodeSpec {
  type: string;
  title: string;
  category: NodeCategory;
  description: string;
  inputs: Record<string, InputPort>;
  outputs: Record<string, OutputPort>;
  params: Record<string, ParamSpec>;
  /** Output nodes are always executed (they are the roots of the plan). */
  isOutput?: boolean;
  rules?: readonly ParamRule[];
  /** Batch rows (see RowsRule); at most MAX_BATCH_ROWS per node, checked by validation. */
  rows?: RowsRule;
}

/** How validation finds a node type's spec: the server's catalogue, or the one the editor fetched. */
export type SpecLookup = (type: string) => NodeSpec | undefined;
