/**
 * Whole-workflow validation, run by the server before queueing and by the editor before submitting.
 * Every problem becomes an Issue naming its node and port, param or edge.
 */
import { inputRequired, type SpecLookup } from '../node-spec.ts';
import type { Issue } from '../protocol.ts';
import { estimateBatchRows } from './batch-rows.ts';
import { chainWarnings } from './chain-params.ts';
import { endpointProblem, findCycle } from './connections.ts';
import { migrate } from './migrate.ts';
import { applyNodeModes } from './node-modes.ts';
import { droppedParamIssues } from './reserved-names.ts';
import { resolveParams } from './resolve-params.ts';
import { type Workflow, type WorkflowEdge, type WorkflowNode, workflowSchema } from './schema.ts';

export interface ValidationEnv {
  /** The node types: the server's catalogue, or the one the editor fetched from GET /api/nodes. */
  lookup: SpecLookup;
  bundleExists(name: string): boolean;
  inputExists(name: string): boolean;
}

/** Migrates then parses strictly; zod issues carry their path (and the node id when inside a node). */
export function parseWorkflow(raw: unknown): { workflow?: Workflow; issues: Issue[] } {
  const migrated = migrate(raw);
  if (migrated.issues.length) return { issues: migrated.issues };
  const parsed = workflowSchema.safeParse(migrated.workflow);
  const rawNodes = (migrated.workflow as { nodes?: unknown }).nodes;
  if (parsed.success) {
    const dropped = droppedParamIssues(rawNodes, parsed.data.nodes);
    return dropped.length ? { issues: dropped } : { workflow: parsed.data, issues: [] };
  }
  return {
    issues: parsed.error.issues.map((i) => {
      const path = i.path.map(String).join('.');
      const issue: Issue = { path, message: path ? `${path}: ${i.message}` : i.message };
      if (i.path[0] === 'nodes' && typeof i.path[1] === 'number' && Array.isArray(rawNodes)) {
        const id = (rawNodes[i.path[1]] as { id?: unknown } | undefined)?.id;
        if (typeof id === 'string') issue.node = id;
      }
      return issue;
    }),
  };
}

declare const validated: unique symbol;

/**
 * A workflow that passed validateWorkflow, the only function that makes one: migrated to the current
 * version, strictly parsed, every param resolved (defaults filled in). The engine runs only these, and the
 * queues take only these; a workflow read back from storage becomes one again only by validating it.
 */
export type ValidatedWorkflow = Workflow & { readonly [validated]: true };

export interface ValidationResult {
  workflow?: ValidatedWorkflow;
  /** Errors: the workflow cannot run while there are any. */
  issues: Issue[];
  /** Likely mistakes that do not stop a run (severity 'warning'), e.g. two stage-1 upsampler passes. */
  warnings: Issue[];
}

/**
 * Parses and checks a workflow. `workflow` is returned only when there are no issues; its node params are
 * then complete (defaults filled in), so equal workflows compare equal. Warnings never make it invalid.
 */
export function validateWorkflow(raw: unknown, env: ValidationEnv): ValidationResult {
  const parsed = parseWorkflow(raw);
  if (!parsed.workflow) return { issues: parsed.issues, warnings: [] };
  const wf = parsed.workflow;
  const issues: Issue[] = [];
  const nodes = uniqueNodes(wf.nodes, issues);
  checkEdges(nodes, wf.edges, env.lookup, issues);
  // Bypassed and muted nodes (and what needs them) do not run: only what runs is checked further.
  const modes = applyNodeModes({ ...wf, nodes }, env.lookup);
  issues.push(...modes.issues);
  const connected = new Set(modes.workflow.edges.map((e) => inputKey(e.to.node, e.to.port)));
  const resolved = nodes.map((node) =>
    modes.skipped.has(node.id) ? node : checkNode(node, connected, env, issues),
  );
  if (!modes.workflow.nodes.some((n) => env.lookup(n.type)?.isOutput))
    issues.push({
      message: nodes.some((n) => env.lookup(n.type)?.isOutput)
        ? 'nothing to run: every output node is muted or bypassed, or needs a muted node'
        : 'nothing to run: add an output node (Save Image, Preview Image or Similarity)',
    });
  const warnings = chainWarnings(resolved, wf.edges, env.lookup);
  if (!issues.length) {
    const params = new Map(resolved.map((n) => [n.id, n.params]));
    const running = modes.workflow.nodes.map((n) => ({ ...n, params: params.get(n.id) ?? n.params }));
    issues.push(...estimateBatchRows(running, modes.workflow.edges, env.lookup).issues);
  }
  if (issues.length) return { issues, warnings };
  const workflow = { ...wf, nodes: resolved } as ValidatedWorkflow;
  return { workflow, issues, warnings };
}

function uniqueNodes(nodes: readonly WorkflowNode[], issues: Issue[]): WorkflowNode[] {
  const seen = new Set<string>();
  const unique: WorkflowNode[] = [];
  for (const node of nodes) {
    if (seen.has(node.id)) issues.push({ node: node.id, message: `duplicate node id "${node.id}"` });
    else {
      seen.add(node.id);
      unique.push(node);
    }
  }
  return unique;
}

const inputKey = (node: string, port: string) => `${node}\u0000${port}`;

/** Checks every edge once (ends, ports, kinds, one edge per input), then looks for a cycle: O(nodes + edges). */
function checkEdges(
  nodes: readonly WorkflowNode[],
  edges: readonly WorkflowEdge[],
  lookup: SpecLookup,
  issues: Issue[],
): void {
  const types = new Map(nodes.map((n) => [n.id, n.type]));
  const takenBy = new Map<string, string>();
  const accepted: WorkflowEdge[] = [];
  const acceptedIndex: number[] = [];
  edges.forEach((edge, index) => {
    const problem = endpointProblem((id) => types.get(id), edge, lookup);
    if (problem) {
      if (problem.code === 'unknown_type') return; // reported once per node by checkNode
      const at = edge[problem.end];
      issues.push({ edge: index, node: at.node, port: at.port, message: problem.message });
      return;
    }
    const key = inputKey(edge.to.node, edge.to.port);
    if (takenBy.has(key)) {
      const { node, port } = edge.to;
      issues.push({
        edge: index,
        node,
        port,
        message: `more than one edge into input "${port}" of "${node}"`,
      });
      return;
    }
    takenBy.set(key, edge.from.node);
    accepted.push(edge);
    acceptedIndex.push(index);
  });
  const cycle = findCycle(accepted);
  if (!cycle) return;
  const [from, to] = [cycle[cycle.length - 2]!, cycle[cycle.length - 1]!];
  const closing = accepted.findIndex((e) => e.from.node === from && e.to.node === to);
  const edge = accepted[closing]!;
  issues.push({
    edge: acceptedIndex[closing]!,
    node: edge.to.node,
    port: edge.to.port,
    // Start the report at the closing edge's source: "from -> to -> ... -> from".
    message: `edges form a cycle: ${[from, ...cycle.slice(0, -1)].join(' -> ')}`,
  });
}

function checkNode(
  node: WorkflowNode,
  connected: ReadonlySet<string>,
  env: ValidationEnv,
  issues: Issue[],
): WorkflowNode {
  const def = env.lookup(node.type);
  if (!def) {
    issues.push({ node: node.id, message: `unknown node type "${node.type}"` });
    return node;
  }
  const { values, issues: paramIssues } = resolveParams(def, node.params, node.id);
  for (const [port, spec] of Object.entries(def.inputs)) {
    const when = spec.requiredWhen;
    if (inputRequired(spec, (p) => values[p]) && !connected.has(inputKey(node.id, port)))
      issues.push({
        node: node.id,
        port,
        message: `required input "${port}"${spec.kind === port ? '' : ` (${spec.kind})`} is not connected${
          spec.optional && when ? ` (needed while ${when.param} is "${values[when.param]}")` : ''
        }`,
      });
  }
  issues.push(...paramIssues);
  for (const [param, spec] of Object.entries(def.params)) {
    const value = values[param];
    if (spec.kind !== 'bundle' && spec.kind !== 'input_file') continue;
    if (typeof value !== 'string' || value === '') {
      const what = spec.kind === 'bundle' ? 'model bundle' : 'input file';
      issues.push({ node: node.id, param, message: `no ${what} chosen` });
    } else if (spec.kind === 'bundle' && !env.bundleExists(value))
      issues.push({ node: node.id, param, message: `model bundle "${value}" is not installed` });
    else if (spec.kind === 'input_file' && !env.inputExists(value))
      issues.push({ node: node.id, param, message: `input file "${value}" does not exist` });
  }
  return { ...node, params: values };
}
