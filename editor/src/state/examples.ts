/**
 * The example workflows in examples/*.json, bundled at build time, and their input images (examples/inputs/):
 * opening an example uploads the inputs it names and points its nodes at the uploaded copies.
 */
import type { Workflow } from '../../../core/workflow/schema.ts';
import { api } from '../api/client.ts';
import { withInputFile } from '../graph/file-labels.ts';
import { parseWorkflow } from '../graph/parse.ts';
import { lookupType } from './catalog.ts';

const workflows = import.meta.glob<unknown>('../../../examples/*.json', { eager: true, import: 'default' });
const inputs = import.meta.glob<string>('../../../examples/inputs/*.{png,jpg,jpeg}', {
  eager: true,
  query: '?url',
  import: 'default',
});

const baseName = (path: string) => path.split('/').pop()!;

export interface Example {
  file: string;
  title: string;
  description?: string;
  json: unknown;
}

export const EXAMPLES: Example[] = Object.entries(workflows)
  .map(([path, json]) => {
    const meta = (json ?? {}) as { name?: unknown; description?: unknown };
    const file = baseName(path).replace(/\.json$/, '');
    return {
      file,
      json,
      title: typeof meta.name === 'string' && meta.name ? meta.name : file,
      ...(typeof meta.description === 'string' ? { description: meta.description } : {}),
    };
  })
  .sort((a, b) => a.title.localeCompare(b.title));

const inputUrls = new Map(Object.entries(inputs).map(([path, url]) => [baseName(path), url]));

/** The example as a workflow whose image-file params name uploaded copies of the example's inputs. */
export async function prepareExample(example: Example): Promise<Workflow> {
  const wf = parseWorkflow(example.json);
  const uploaded = new Map<string, string>();
  for (const node of wf.nodes) {
    const info = lookupType(node.type);
    for (const [name, spec] of Object.entries(info?.params ?? {})) {
      const value = node.params[name];
      if (spec.kind !== 'input_file' || typeof value !== 'string') continue;
      const url = inputUrls.get(value);
      if (!url) continue;
      if (!uploaded.has(value)) {
        const blob = await (await fetch(url)).blob();
        uploaded.set(value, (await api.uploadInput(blob)).name);
      }
      const labelled = withInputFile(
        { params: node.params, ui: node.ui ?? {} },
        name,
        uploaded.get(value)!,
        value,
      );
      node.params = labelled.params;
      node.ui = labelled.ui;
    }
  }
  return wf;
}
