/**
 * Whole-workflow validation, run by the server before queueing and by the editor before submitting.
 * Every problem becomes an Issue naming its node and port, param or edge.
 */
import { getNodeType } from '../catalog.ts';
import type { Issue } from '../protocol.ts';
import { connectionProblem } from './connections.ts';
import { migrate } from './migrate.ts';
import { resolveParams } from './params.ts';
import { type Workflow, type WorkflowEdge, type WorkflowNode, workflowSchema } from './schema.ts';

export interface ValidationEnv {
  bundleExists(name: string): boolean;
  inputExists(name: string): boolean;
}

/** Migrates then parses strictly; zod issues carry their path (and the node id when inside a node). */
export function parseWorkflow(raw: unknown): { workflow?: Workflow; issues: Issue[] } {
  const migrated = migrate(raw);
  if (migrated.issues.length) return { issues: migrated.issues };
  const parsed = workflowSchema.safeParse(migrated.workflow);
  if (parsed.success) return { workflow: parsed.data, issues: [] };
  const rawNodes = (migrated.workflow as { nodes?: unknown }).nodes;
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

/**
 * Parses and checks a workflow. `workflow` is returned only when there are no issues; its node params are
 * then complete (defaults filled in), so equal workflows compare equal.
 */
export function validateWorkflow(raw: unknown, env: ValidationEnv): { workflow?: Workflow; issues: Issue[] } {
  const parsed = parseWorkflow(raw);
  if (!parsed.workflow) return parsed;
  const wf = parsed.workflow;
  const issues: Issue[] = [];
  const nodes = uniqueNodes(wf.nodes, issues);
  checkEdges(nodes, wf.edges, issues);
  const resolved = nodes.map((node) => checkNode(node, wf.edges, env, issues));
  if (!nodes.some((n) => getNodeType(n.type)?.isOutput))
    issues.push({ message: 'nothing to run: add an output node (Save Image, Preview Image or Similarity)' });
  if (issues.length) return { issues };
  return { workflow: { ...wf, nodes: resolved }, issues };
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

/** Adds the edges one by one through connectionProblem, so each bad edge gets one issue. */
function checkEdges(nodes: readonly WorkflowNode[], edges: readonly WorkflowEdge[], issues: Issue[]): void {
  const accepted: WorkflowEdge[] = [];
  edges.forEach((edge, index) => {
    const problem = connectionProblem({ nodes, edges: accepted }, edge);
    if (!problem) {
      accepted.push(edge);
      return;
    }
    if (problem.code === 'unknown_type') return; // reported once per node by checkNode
    const at = edge[problem.end];
    const message =
      problem.code === 'cycle'
        ? `edges form a cycle: ${problem.cycle!.join(' -> ')}`
        : problem.code === 'input_taken'
          ? `more than one edge into input "${at.port}" of "${at.node}"`
          : problem.message;
    issues.push({ edge: index, node: at.node, port: at.port, message });
  });
}

function checkNode(
  node: WorkflowNode,
  edges: readonly WorkflowEdge[],
  env: ValidationEnv,
  issues: Issue[],
): WorkflowNode {
  const def = getNodeType(node.type);
  if (!def) {
    issues.push({ node: node.id, message: `unknown node type "${node.type}"` });
    return node;
  }
  for (const [port, spec] of Object.entries(def.inputs))
    if (!spec.optional && !edges.some((e) => e.to.node === node.id && e.to.port === port))
      issues.push({
        node: node.id,
        port,
        message: `required input "${port}" (${spec.kind}) is not connected`,
      });
  const { values, issues: paramIssues } = resolveParams(def, node.params, node.id);
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
