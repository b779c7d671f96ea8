/** Resolving a node's params by name against its type's specs: defaults, type and range checks. */
import type { NodeSpec, ParamRule } from '../node-spec.ts';
import { type ParamSpec, SEED_MAX } from '../param-spec.ts';
import type { Issue } from '../protocol.ts';

export type ResolvedParams = Record<string, string | number | boolean>;

/**
 * Every param of `def` with a value: given values that check out, defaults for missing ones.
 * Unknown names, wrong types, out-of-range numbers and unlisted options are issues naming node and param;
 * a bad value is replaced by its default in `values`. The type's declarative rules run when all values are valid.
 */
export function resolveParams(
  def: NodeSpec,
  params: Readonly<Record<string, unknown>>,
  node?: string,
): { values: ResolvedParams; issues: Issue[] } {
  const values: ResolvedParams = {};
  const issues: Issue[] = [];
  const issue = (param: string, message: string) => issues.push({ node, param, message });
  for (const name of Object.keys(params))
    if (!Object.hasOwn(def.params, name)) issue(name, `unknown param "${name}" for ${def.type}`);
  for (const [name, spec] of Object.entries(def.params)) {
    const given = Object.hasOwn(params, name) ? params[name] : undefined;
    const problem = given === undefined ? null : paramProblem(spec, given);
    if (problem) issue(name, `param "${name}" ${problem}`);
    values[name] = given === undefined || problem ? spec.default : (given as string | number | boolean);
  }
  if (issues.length === 0)
    for (const rule of def.rules ?? []) {
      const broken = ruleProblem(rule, values);
      if (broken) issue(rule.param, `param "${rule.param}": ${broken}`);
    }
  return { values, issues };
}

/** Why `values` break `rule`, or null. */
function ruleProblem(rule: ParamRule, values: ResolvedParams): string | null {
  switch (rule.kind) {
    case 'product_at_most': {
      const product = rule.params.reduce((p, name) => p * Number(values[name] ?? 1), 1);
      return product > rule.max ? rule.message : null;
    }
  }
}

/** Why `value` is not valid for `spec`, or null. */
export function paramProblem(spec: ParamSpec, value: unknown): string | null {
  switch (spec.kind) {
    case 'number':
    case 'integer': {
      if (typeof value !== 'number' || !Number.isFinite(value)) return `must be a number, got ${show(value)}`;
      if (spec.kind === 'integer' && !Number.isInteger(value)) return `must be a whole number, got ${value}`;
      if (value < spec.min || value > spec.max)
        return `must be between ${spec.min} and ${spec.max}, got ${value}`;
      return null;
    }
    case 'seed':
      return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= SEED_MAX
        ? null
        : `must be a whole number from 0 to ${SEED_MAX}, got ${show(value)}`;
    case 'text':
      if (typeof value !== 'string') return `must be text, got ${show(value)}`;
      if (value.length > spec.maxLength) return `is longer than ${spec.maxLength} characters`;
      return spec.pattern && !new RegExp(spec.pattern.regex).test(value) ? spec.pattern.message : null;
    case 'select':
      return spec.options.includes(value as string | number)
        ? null
        : `must be one of ${spec.options.map((o) => JSON.stringify(o)).join(', ')}, got ${show(value)}`;
    case 'bundle':
    case 'input_file':
      if (typeof value !== 'string') return `must be a name, got ${show(value)}`;
      return value.length > 200 ? 'is longer than 200 characters' : null;
    case 'boolean':
      return typeof value === 'boolean' ? null : `must be true or false, got ${show(value)}`;
  }
}

function show(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  return String(value);
}
