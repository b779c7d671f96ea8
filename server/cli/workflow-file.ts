/** Read a workflow from a .json file or from the "workflow" chunk of a PNG the studio wrote. */
import { readFile } from 'node:fs/promises';
import { isPng, readPngWorkflow } from '../images/index.ts';
import { UsageError } from './io.ts';

export async function readWorkflowFile(path: string): Promise<unknown> {
  const bytes = await readFile(path).catch((err: NodeJS.ErrnoException) => {
    throw new UsageError(`cannot read ${path}: ${err.code === 'ENOENT' ? 'no such file' : err.message}`);
  });
  if (isPng(bytes)) {
    const workflow = readPngWorkflow(bytes);
    if (workflow === null) throw new UsageError(`${path} has no embedded workflow`);
    return workflow;
  }
  try {
    return JSON.parse(bytes.toString('utf8'));
  } catch (err) {
    throw new UsageError(`${path} is not valid JSON: ${(err as Error).message}`);
  }
}
