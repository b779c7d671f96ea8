/**
 * Plan-time cache pruning. A node's cache key is made of its type, its params, the input files it reads and
 * its inputs' keys, never their outputs, so every planned node is keyed before anything runs. Walking back
 * from the output nodes, a node whose key is in the cache is taken from there and its own inputs are not
 * needed: an ancestor whose every reader is a cache hit drops out of the run, even when it was evicted.
 */
import { type CachedResult, nodeKey, type OutputCache } from './cache.ts';
import { type PlanStep, sourceNodes } from './plan.ts';

export interface RunStep extends PlanStep {
  /** The node's cache key. */
  key: string;
  /** Its cached result, held from planning on (a later eviction cannot take it away); absent: execute it. */
  cached?: CachedResult;
}

/**
 * Keys every step of `plan` (sources first, as planWorkflow orders them) and keeps the steps that must run
 * or be read from the cache, in the same order; `readers` then counts only the executing steps that read a
 * step. `fileFacts` gives what params alone do not show (a digest of each input file the step reads).
 */
export async function prunePlan(
  plan: readonly PlanStep[],
  cache: OutputCache,
  fileFacts: (step: PlanStep) => Promise<unknown>,
): Promise<RunStep[]> {
  const keys = new Map<string, string>();
  for (const step of plan) {
    const inputKeys: Record<string, { key: string; port: string }> = {};
    for (const [port, from] of Object.entries(step.inputs))
      inputKeys[port] = { key: keys.get(from.node)!, port: from.port };
    keys.set(step.id, nodeKey(step.type, step.params, inputKeys, await fileFacts(step)));
  }

  // Readers come after what they read, so walking the plan backwards settles every reader of a step first.
  const needed = new Set(plan.filter((s) => s.def.isOutput).map((s) => s.id));
  const readers = new Map<string, number>();
  const kept: RunStep[] = [];
  for (let i = plan.length - 1; i >= 0; i--) {
    const step = plan[i]!;
    if (!needed.has(step.id)) continue;
    const key = keys.get(step.id)!;
    // Output nodes always run (their side effect is the point); the rest come from the cache when they can.
    const cached = step.def.isOutput ? undefined : cache.get(key);
    if (!cached)
      for (const source of sourceNodes(step.inputs)) {
        needed.add(source);
        readers.set(source, (readers.get(source) ?? 0) + 1);
      }
    kept.push({ ...step, key, readers: readers.get(step.id) ?? 0, ...(cached ? { cached } : {}) });
  }
  return kept.reverse();
}
