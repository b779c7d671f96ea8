/**
 * Node modes (bypass and mute), applied once: the engine plans the workflow this returns, and validation
 * checks it, so the editor and the server agree on what runs.
 *
 * - A muted node does not run. A node with a required input fed by a node that does not run does not run
 *   either; an optional input fed by one is left unconnected.
 * - A bypassed node does not run: each of its outputs that something reads is replaced by its first
 *   connected input of the same kind (an upsampler passes its image through). An output with no such
 *   input is an issue naming the node and port.
 */
import type { SpecLookup } from '../node-spec.ts';
import type { Issue } from '../protocol.ts';
import type { Endpoint, Workflow, WorkflowEdge } from './schema.ts';

export type NodeMode = 'bypass' | 'mute';

export interface AppliedModes {
  /** The workflow without bypassed, muted and starved nodes, edges rewired around bypassed ones, no `mode` left. */
  workflow: Workflow;
  /** Nodes that will not run, with why: 'bypass', 'mute', or 'starved' (needs a node that does not run). */
  skipped: Map<string, NodeMode | 'starved'>;
  issues: Issue[];
}

const key = (e: Endpoint) => `${e.node}\u0000${e.port}`;

export function applyNodeModes(workflow: Workflow, lookup: SpecLookup): AppliedModes {
  const skipped = new Map<string, NodeMode | 'starved'>();
  for (const n of workflow.nodes) if (n.mode) skipped.set(n.id, n.mode);
  if (!skipped.size) return { workflow, skipped, issues: [] };

  const issues: Issue[] = [];
  const typeOf = new Map(workflow.nodes.map((n) => [n.id, n.type]));
  const feeding = new Map(workflow.edges.map((e) => [key(e.to), e.from]));

  /** Where a value really comes from once bypassed nodes pass their inputs through; null when nowhere. */
  const passThrough = new Map<string, Endpoint | null>();
  const resolve = (from: Endpoint, seen = new Set<string>()): Endpoint | null => {
    if (skipped.get(from.node) !== 'bypass') return from;
    const k = key(from);
    if (passThrough.has(k)) return passThrough.get(k)!;
    if (seen.has(k)) return null; // a cycle of bypassed nodes: reported by the cycle check
    seen.add(k);
    const spec = lookup(typeOf.get(from.node) ?? '');
    const kind = spec?.outputs[from.port]?.kind;
    let source: Endpoint | null = null;
    for (const [port, input] of Object.entries(spec?.inputs ?? {})) {
      const upstream = input.kind === kind ? feeding.get(key({ node: from.node, port })) : undefined;
      if (upstream) {
        source = resolve(upstream, seen);
        break;
      }
    }
    if (!source && kind) {
      const title = spec?.title ?? from.node;
      issues.push({
        node: from.node,
        port: from.port,
        message: `"${from.node}" is bypassed but ${title} has no connected ${kind} input to pass to its output "${from.port}"; mute it instead, or connect one`,
      });
    }
    passThrough.set(k, source);
    return source;
  };

  let edges: WorkflowEdge[] = [];
  for (const edge of workflow.edges) {
    if (skipped.has(edge.to.node)) continue;
    const from = resolve(edge.from);
    if (from && !skipped.has(from.node)) edges.push({ from, to: edge.to });
  }

  // Nodes whose required inputs lost their source (or read a node that does not run) do not run either.
  for (let changed = true; changed; ) {
    changed = false;
    const fed = new Set(edges.map((e) => key(e.to)));
    for (const node of workflow.nodes) {
      if (skipped.has(node.id)) continue;
      const spec = lookup(node.type);
      const starved = Object.entries(spec?.inputs ?? {}).some(
        ([port, input]) =>
          !input.optional &&
          feeding.has(key({ node: node.id, port })) &&
          !fed.has(key({ node: node.id, port })),
      );
      if (starved) {
        skipped.set(node.id, 'starved');
        changed = true;
      }
    }
    if (changed) edges = edges.filter((e) => !skipped.has(e.to.node) && !skipped.has(e.from.node));
  }

  const nodes = workflow.nodes.filter((n) => !skipped.has(n.id)).map(({ mode: _mode, ...rest }) => rest);
  return { workflow: { ...workflow, nodes, edges }, skipped, issues };
}
