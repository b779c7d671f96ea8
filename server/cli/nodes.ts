/** `unclip-studio nodes [type] [--json]`: the node catalogue. */

import type { NodeSpec } from '../../core/node-spec.ts';
import type { ParamSpec } from '../../core/param-spec.ts';
import { describeCatalog } from '../../nodes/catalog.ts';
import { type CliIO, EXIT, UsageError } from './io.ts';
import { parseFlags } from './options.ts';

export const NODES_HELP = `Usage: unclip-studio nodes [type] [--json]

Lists the node types by category, or describes one type (ports and params).
`;

function paramLine(name: string, spec: ParamSpec): string {
  const range =
    'min' in spec ? ` ${spec.min}..${spec.max}` : spec.kind === 'select' ? ` ${spec.options.join('|')}` : '';
  return `    ${name} (${spec.kind}${range}, default ${JSON.stringify(spec.default)}): ${spec.help}`;
}

function describe(info: NodeSpec): string {
  const lines = [`${info.type}: ${info.title} [${info.category}]`, `  ${info.description}`];
  const inputs = Object.entries(info.inputs);
  const outputs = Object.entries(info.outputs);
  const params = Object.entries(info.params);
  if (inputs.length)
    lines.push(
      '  inputs:',
      ...inputs.map(([n, p]) => `    ${n} (${p.kind}${p.optional ? ', optional' : ''})`),
    );
  if (outputs.length) lines.push('  outputs:', ...outputs.map(([n, p]) => `    ${n} (${p.kind})`));
  if (params.length) lines.push('  params:', ...params.map(([n, s]) => paramLine(n, s)));
  if (info.isOutput) lines.push('  output node: always runs');
  return `${lines.join('\n')}\n`;
}

export async function nodesCommand(args: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseFlags(args, { json: { type: 'boolean' } });
  if (values.help) {
    io.out(NODES_HELP);
    return EXIT.ok;
  }
  const catalog = describeCatalog();
  const chosen = positionals.length ? catalog.filter((n) => positionals.includes(n.type)) : catalog;
  const missing = positionals.filter((t) => !catalog.some((n) => n.type === t));
  if (missing.length)
    throw new UsageError(`unknown node type(s): ${missing.join(', ')} (see "unclip-studio nodes")`);
  if (values.json) io.out(`${JSON.stringify({ nodes: chosen }, null, 2)}\n`);
  else if (positionals.length) io.out(chosen.map(describe).join('\n'));
  else {
    let category = '';
    for (const n of chosen) {
      if (n.category !== category) {
        io.out(`${category ? '\n' : ''}${n.category}\n`);
        category = n.category;
      }
      io.out(`  ${n.type.padEnd(24)} ${n.title}: ${n.description}\n`);
    }
  }
  return EXIT.ok;
}
