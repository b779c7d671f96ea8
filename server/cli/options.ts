/** Flag parsing shared by the commands: node:util parseArgs, strict, with the data/model folder rules. */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { errorMessage } from '../../core/error-message.ts';
import {
  EXECUTION_PROVIDERS,
  type ExecutionProvider,
  ModelRegistry,
  ProviderUnavailableError,
} from '../runtime/index.ts';
import { type CliIO, UsageError } from './io.ts';

type Spec = NonNullable<Parameters<typeof parseArgs>[0]>['options'];

export function parseFlags<const S extends Spec>(args: string[], options: S) {
  try {
    return parseArgs({
      args,
      options: { ...options, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
      strict: true,
    });
  } catch (err) {
    throw new UsageError(errorMessage(err));
  }
}

export const MODEL_FLAGS = {
  models: { type: 'string', multiple: true },
  provider: { type: 'string' },
} as const;

export const DATA_FLAGS = {
  data: { type: 'string' },
  inputs: { type: 'string' },
  out: { type: 'string' },
} as const;

export function providerOf(value: string | undefined): ExecutionProvider {
  const p = value ?? 'cpu';
  if (!(EXECUTION_PROVIDERS as readonly string[]).includes(p))
    throw new UsageError(`--provider must be one of ${EXECUTION_PROVIDERS.join(', ')}, got "${p}"`);
  return p as ExecutionProvider;
}

/** Model folders from --models (repeatable) or UNCLIP_MODELS (path-list); empty means the shipped models/. */
export function modelDirsOf(io: CliIO, flag: string[] | undefined): string[] {
  const list = flag?.length ? flag : (io.env.UNCLIP_MODELS?.split(':').filter(Boolean) ?? []);
  return list.map((d) => resolve(io.cwd, d));
}

/** The data folder (--data or UNCLIP_DATA, default ./data) and its inputs/outputs, each overridable. */
export function dataDirsOf(io: CliIO, v: { data?: string; inputs?: string; out?: string }) {
  const data = resolve(io.cwd, v.data ?? io.env.UNCLIP_DATA ?? 'data');
  return {
    data,
    inputs: v.inputs ? resolve(io.cwd, v.inputs) : resolve(data, 'inputs'),
    outputs: v.out ? resolve(io.cwd, v.out) : resolve(data, 'outputs'),
  };
}

/** The model registry for --models/--provider; an unavailable provider is a usage error (exit 1). */
export function registryOf(io: CliIO, v: { models?: string[]; provider?: string }): ModelRegistry {
  try {
    return new ModelRegistry({ dirs: modelDirsOf(io, v.models), provider: providerOf(v.provider) });
  } catch (err) {
    if (err instanceof ProviderUnavailableError) throw new UsageError(err.message);
    throw err;
  }
}
