/** Parameter specs: one declaration drives the editor's widget, validation and defaults. */

interface ParamBase {
  label?: string;
  help: string;
}
export interface NumberParam extends ParamBase {
  kind: 'number';
  default: number;
  min: number;
  max: number;
  step?: number;
}
export interface IntegerParam extends ParamBase {
  kind: 'integer';
  default: number;
  min: number;
  max: number;
  step?: number;
}
/** A 32-bit unsigned seed; the editor offers fixed / increment / randomize after each run. */
export interface SeedParam extends ParamBase {
  kind: 'seed';
  default: number;
}
export interface TextParam extends ParamBase {
  kind: 'text';
  default: string;
  multiline?: boolean;
  maxLength: number;
  /** A regular expression (JavaScript syntax) the whole value must match, and what to say when it does not. */
  pattern?: { regex: string; message: string };
}
export interface SelectParam extends ParamBase {
  kind: 'select';
  options: readonly (string | number)[];
  default: string | number;
  /**
   * Successive passes: a node fed through `input` by a node of its own type should take the next option
   * (upsampler stage 1 then 2). The editor picks it on connecting; validation warns when both use one option.
   */
  chain?: { input: string };
}
/** The name of an installed model bundle. */
export interface BundleParam extends ParamBase {
  kind: 'bundle';
  default: string;
}
/** The name of a file inside the server's inputs folder. */
export interface InputFileParam extends ParamBase {
  kind: 'input_file';
  default: string;
}
export interface BooleanParam extends ParamBase {
  kind: 'boolean';
  default: boolean;
}

export type ParamSpec =
  | NumberParam
  | IntegerParam
  | SeedParam
  | TextParam
  | SelectParam
  | BundleParam
  | InputFileParam
  | BooleanParam;

export const SEED_MAX = 0xffffffff;

/** The TypeScript type of a param's value. */
export type ParamValue<S extends ParamSpec> = S extends { kind: 'number' | 'integer' | 'seed' }
  ? number
  : S extends { kind: 'boolean' }
    ? boolean
    : S extends SelectParam
      ? S['options'][number]
      : string;

export type ParamValues<P extends Record<string, ParamSpec>> = { [K in keyof P]: ParamValue<P[K]> };
