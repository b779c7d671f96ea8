/** `unclip-studio models [--models DIR] [--json]`: the installed bundles, and folders that failed to load. */
import { type CliIO, EXIT } from './io.ts';
import { parseFlags, registryOf } from './options.ts';

export const MODELS_HELP = `Usage: unclip-studio models [--models DIR ...] [--json]

Lists the model bundles found in the models folders (default: the shipped models/).
`;

export async function modelsCommand(args: string[], io: CliIO): Promise<number> {
  const { values } = parseFlags(args, {
    models: { type: 'string', multiple: true },
    json: { type: 'boolean' },
  });
  if (values.help) {
    io.out(MODELS_HELP);
    return EXIT.ok;
  }
  const registry = registryOf(io, values);
  const bundles = (await registry.list()).map(({ name, dir, manifest: m }) => ({
    name,
    dir,
    title: m.title ?? name,
    embedding: m.dims.embedding,
    sizes: [m.stages.decoder.image_size, m.stages.upsampler1.image_size, m.stages.upsampler2.image_size],
  }));
  const problems = [...registry.problems].map(([dir, message]) => ({ dir, message }));
  if (values.json) io.out(`${JSON.stringify({ models: bundles, problems }, null, 2)}\n`);
  else {
    if (!bundles.length) io.out(`no model bundles in ${registry.dirs.join(', ')}\n`);
    for (const b of bundles)
      io.out(`${b.name}  ${b.title}  (embedding ${b.embedding}, ${b.sizes.join(' -> ')} px)  ${b.dir}\n`);
    for (const p of problems) io.err(`skipped ${p.dir}: ${p.message}\n`);
  }
  return EXIT.ok;
}
