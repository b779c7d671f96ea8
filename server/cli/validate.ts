/** `unclip-studio validate <workflow>`: print every issue (node and param named); exit 1 when any. */
import { formatIssue } from './format.ts';
import { type CliIO, EXIT } from './io.ts';
import { DATA_FLAGS, MODEL_FLAGS, parseFlags } from './options.ts';
import { openWorkflowJob } from './workflow-file.ts';

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
  const { file, raw, engine } = await openWorkflowJob('validate', positionals, values, io);
  const { workflow, issues, warnings } = await engine.validate(raw);
  if (values.json) io.out(`${JSON.stringify({ valid: Boolean(workflow), issues, warnings })}\n`);
  else if (workflow) {
    io.out(`${file}: valid (${workflow.nodes.length} nodes, ${workflow.edges.length} edges)\n`);
    for (const warning of warnings) io.err(`  warning: ${formatIssue(warning)}\n`);
  } else {
    io.err(`${file}: ${issues.length} issue(s)\n`);
    for (const issue of issues) io.err(`  ${formatIssue(issue)}\n`);
  }
  return workflow ? EXIT.ok : EXIT.invalid;
}
