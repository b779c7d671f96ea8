/** Read a workflow from a .json file or from the "workflow" chunk of a PNG the studio wrote. */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { errorMessage } from '../../core/error-message.ts';
import { JsonLimitError, parseJsonLimited } from '../../core/json-depth.ts';
import { MAX_JSON_BYTES } from '../../core/limits.ts';
import { Engine } from '../engine/index.ts';
import { isPng, readPngWorkflow } from '../images/index.ts';
import { type CliIO, UsageError } from './io.ts';
import { dataDirsOf, registryOf } from './options.ts';
import { applySets } from './sets.ts';

export async function readWorkflowFile(path: string): Promise<unknown> {
  const bytes = await readFile(path).catch((err: NodeJS.ErrnoException) => {
    throw new UsageError(
      `cannot read ${path}: ${err.code === 'ENOENT' ? 'no such file' : errorMessage(err)}`,
    );
  });
  if (isPng(bytes)) {
    let workflow: unknown;
    try {
      workflow = readPngWorkflow(bytes);
    } catch (err) {
      throw new UsageError(`${path}: ${errorMessage(err)}`);
    }
    if (workflow === null) throw new UsageError(`${path} has no embedded workflow`);
    return workflow;
  }
  if (bytes.length > MAX_JSON_BYTES)
    throw new UsageError(`${path} is larger than ${MAX_JSON_BYTES} bytes (the workflow size limit)`);
  try {
    return parseJsonLimited(bytes.toString('utf8'));
  } catch (err) {
    if (err instanceof JsonLimitError) throw new UsageError(`${path}: ${err.message}`);
    throw new UsageError(`${path} is not valid JSON: ${errorMessage(err)}`);
  }
}

interface JobFlags {
  set?: string[];
  data?: string;
  inputs?: string;
  out?: string;
  models?: string[];
  provider?: string;
  threads?: string;
}

/** What `run` and `validate` share: the one workflow file with --set applied, and an engine over the chosen folders. */
export async function openWorkflowJob(command: string, positionals: string[], values: JobFlags, io: CliIO) {
  if (positionals.length !== 1) throw new UsageError(`${command} takes exactly one workflow file`);
  const file = resolve(io.cwd, positionals[0]!);
  const raw = applySets(await readWorkflowFile(file), values.set ?? []);
  const dirs = dataDirsOf(io, values);
  const models = registryOf(io, values);
  const engine = new Engine({ models, inputsDir: dirs.inputs, outputsDir: dirs.outputs });
  return { file, raw, dirs, models, engine };
}
