/** Flag parsing shared by the commands: node:util parseArgs, strict, with the data/model folder rules. */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { errorMessage } from '../../core/error-message.ts';
import {
  defaultThreads,
  EXECUTION_PROVIDERS,
  type ExecutionProvider,
  MAX_THREADS,
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

/** The flags that choose where models come from and how they run (serve, run, validate, worker). */
export const MODEL_FLAGS = {
  models: { type: 'string', multiple: true },
  provider: { type: 'string' },
  threads: { type: 'string' },
} as const;

/** Help lines for MODEL_FLAGS, the same in every command. */
export const MODEL_FLAGS_HELP = `  --models DIR          Models folder holding bundles (repeatable; default: the shipped models/, or UNCLIP_MODELS)
  --provider NAME       cpu (default), webgpu or cuda
  --threads N           Threads per model call (default: the cores available to the process, or UNCLIP_THREADS)
`;

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

/**
 * Intra-op threads per model call from --threads, else UNCLIP_THREADS, else the cores available to the
 * process (os.availableParallelism()). A value that is not a whole number from 1 to MAX_THREADS is a usage error.
 */
export function threadsOf(io: CliIO, flag: string | undefined): number {
  const [text, source] = flag !== undefined ? [flag, '--threads'] : [io.env.UNCLIP_THREADS, 'UNCLIP_THREADS'];
  if (text === undefined || text.trim() === '') {
    if (flag !== undefined) throw new UsageError('--threads needs a number');
    return defaultThreads();
  }
  const n = Number(text);
  if (!/^\s*\d+\s*$/.test(text) || n < 1 || n > MAX_THREADS)
    throw new UsageError(`${source} must be a whole number from 1 to ${MAX_THREADS}, got "${text}"`);
  return n;
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

/** The model registry for --models/--provider/--threads; an unavailable provider is a usage error (exit 1). */
export function registryOf(
  io: CliIO,
  v: { models?: string[]; provider?: string; threads?: string },
): ModelRegistry {
  try {
    return new ModelRegistry({
      dirs: modelDirsOf(io, v.models),
      provider: providerOf(v.provider),
      tuning: { threads: threadsOf(io, v.threads) },
    });
  } catch (err) {
    if (err instanceof ProviderUnavailableError) throw new UsageError(err.message);
    throw err;
  }
}
