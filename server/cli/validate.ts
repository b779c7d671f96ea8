/** `unclip-studio validate <workflow>`: print every issue (node and param named); exit 1 when any. */
import { resolve } from 'node:path';
import { Engine } from '../engine/index.ts';
import { formatIssue } from './format.ts';
import { type CliIO, EXIT, UsageError } from './io.ts';
import { DATA_FLAGS, dataDirsOf, MODEL_FLAGS, parseFlags, registryOf } from './options.ts';
import { applySets } from './sets.ts';
import { readWorkflowFile } from './workflow-file.ts';

export const VALIDATE_HELP = `Usage: unclip-studio validate <workflow.json|.png> [--set id.param=value ...] [--json]
       [--models DIR] [--inputs DIR] [--data DIR]

Checks a workflow (structure, connections, params, installed bundles, input files) without running it.
Exit status: 0 valid, 1 invalid.
`;

export async function validateCommand(args: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseFlags(args, {
    models: MODEL_FLAGS.models,
    ...DATA_FLAGS,
    set: { type: 'string', multiple: true },
    json: { type: 'boolean' },
  });
  if (values.help) {
    io.out(VALIDATE_HELP);
    return EXIT.ok;
  }
  if (positionals.length !== 1) throw new UsageError('validate takes exactly one workflow file');
  const file = resolve(io.cwd, positionals[0]!);
  const raw = applySets(await readWorkflowFile(file), values.set ?? []);
  const dirs = dataDirsOf(io, values);
  const models = registryOf(io, values);
  const engine = new Engine({ models, inputsDir: dirs.inputs, outputsDir: dirs.outputs });
  const { workflow, issues } = await engine.validate(raw);
  if (values.json) io.out(`${JSON.stringify({ valid: Boolean(workflow), issues })}\n`);
  else if (workflow)
    io.out(`${file}: valid (${workflow.nodes.length} nodes, ${workflow.edges.length} edges)\n`);
  else {
    io.err(`${file}: ${issues.length} issue(s)\n`);
    for (const issue of issues) io.err(`  ${formatIssue(issue)}\n`);
  }
  return workflow ? EXIT.ok : EXIT.invalid;
}
