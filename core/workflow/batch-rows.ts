/**
 * The static batch-row estimate: every node's rows from its type's declared RowsRule, in topological order,
 * so "65 prompt lines" or "16 prompts x count 16" is refused by validation before anything is queued (the
 * run-time assertBatchRows stays as the last guard). O((nodes + edges) log nodes).
 */
import { MAX_BATCH_ROWS } from '../limits.ts';
import type { RowsRule, SpecLookup } from '../node-spec.ts';
import { splitPrompts } from '../prompts.ts';
import type { Issue } from '../protocol.ts';
import type { WorkflowEdge } from './schema.ts';
import { topologicalOrder } from './topo-order.ts';

interface RowsNode {
  id: string;
  type: string;
  params: Readonly<Record<string, unknown>>;
}

/** Rows each node outputs, and an issue for each node that would work on more than MAX_BATCH_ROWS rows. */
export function estimateBatchRows(
  nodes: readonly RowsNode[],
  edges: readonly WorkflowEdge[],
  lookup: SpecLookup,
): { rows: Map<string, number>; issues: Issue[] } {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const feeds = new Map<string, string>();
  for (const e of edges) feeds.set(`${e.to.node}\u0000${e.to.port}`, e.from.node);
  const links = edges.map((e) => [e.from.node, e.to.node] as const);
  const rows = new Map<string, number>();
  const issues: Issue[] = [];
  for (const id of topologicalOrder([...byId.keys()], links).order) {
    const node = byId.get(id)!;
    const rule = lookup(node.type)?.rows;
    if (!rule) {
      rows.set(id, 1);
      continue;
    }
    const from = (port: string) => rows.get(feeds.get(`${id}\u0000${port}`) ?? '') ?? 0;
    const base = rule.lines
      ? splitPrompts(String(node.params[rule.lines] ?? '')).length
      : Math.max(1, ...(rule.inputs ?? []).map(from));
    const out = base * product(node.params, rule.times);
    const work = out * product(node.params, rule.work);
    if (work > MAX_BATCH_ROWS) {
      issues.push({
        node: id,
        ...(paramOf(rule) ? { param: paramOf(rule) } : {}),
        message: `${node.type} would work on ${work} batch rows (${explain(node.params, rule, base)}); the limit is ${MAX_BATCH_ROWS}`,
      });
      rows.set(id, 1); // reported here; what it feeds is not blamed again
    } else rows.set(id, out);
  }
  return { rows, issues };
}

function product(params: Readonly<Record<string, unknown>>, names: readonly string[] = []): number {
  return names.reduce((p, name) => p * Math.max(1, Number(params[name] ?? 1) || 1), 1);
}

/** The param the user would change: the last multiplier, or the prompt field. */
function paramOf(rule: RowsRule): string | undefined {
  return rule.work?.at(-1) ?? rule.times?.at(-1) ?? rule.lines;
}

function explain(params: Readonly<Record<string, unknown>>, rule: RowsRule, base: number): string {
  const parts = [rule.lines ? `${base} prompt line(s)` : `${base} input row(s)`];
  for (const name of [...(rule.times ?? []), ...(rule.work ?? [])]) parts.push(`${name} ${params[name]}`);
  return parts.join(' x ');
}
