/**
 * Names that mean something to JavaScript objects (`__proto__`, `constructor`, `prototype`). A param named
 * `__proto__` in raw JSON is an own key there, but a parsed record drops it silently; these checks look at
 * the raw keys so such a name is reported like any other unknown name, never lost.
 */
import type { Issue } from '../protocol.ts';

export const RESERVED_NAMES: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Param names present in the raw nodes but missing after parsing (a record drops `__proto__`): one issue
 * each, worded like resolveParams' unknown-param issue. `parsed` lines up with `rawNodes` by index.
 */
export function droppedParamIssues(
  rawNodes: unknown,
  parsed: readonly { id: string; type: string; params: Readonly<Record<string, unknown>> }[],
): Issue[] {
  if (!Array.isArray(rawNodes)) return [];
  const issues: Issue[] = [];
  parsed.forEach((node, i) => {
    const raw = (rawNodes[i] as { params?: unknown } | undefined)?.params;
    if (typeof raw !== 'object' || raw === null) return;
    for (const name of Object.keys(raw))
      if (!Object.hasOwn(node.params, name))
        issues.push({ node: node.id, param: name, message: `unknown param "${name}" for ${node.type}` });
  });
  return issues;
}
