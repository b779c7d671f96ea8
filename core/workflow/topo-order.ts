/**
 * Topological order of a graph's nodes in O((nodes + edges) log nodes): Kahn's algorithm with a binary heap
 * of ready nodes keyed by their position in `ids`, so among ready nodes the one listed first comes first
 * (deterministic, and the order the engine runs in). Shared by the engine's plan and validation's batch-row
 * estimate.
 */

export interface TopoResult {
  /** Every node that is not on or behind a cycle, in order. */
  order: string[];
  /** Nodes left over (on a cycle, or downstream of one), in listed order; empty for an acyclic graph. */
  stuck: string[];
}

/** `edges` are [from, to] id pairs; a repeated pair counts once; ids not in `ids` are ignored. */
export function topologicalOrder(
  ids: readonly string[],
  edges: Iterable<readonly [string, string]>,
): TopoResult {
  const position = new Map<string, number>();
  ids.forEach((id, i) => {
    if (!position.has(id)) position.set(id, i);
  });
  const readers: number[][] = ids.map(() => []);
  const waiting = new Int32Array(ids.length);
  const seen = new Set<number>();
  for (const [from, to] of edges) {
    const a = position.get(from);
    const b = position.get(to);
    if (a === undefined || b === undefined) continue;
    const key = a * ids.length + b;
    if (seen.has(key)) continue;
    seen.add(key);
    readers[a]!.push(b);
    waiting[b]! += 1;
  }
  const heap = new MinHeap();
  for (const i of position.values()) if (waiting[i] === 0) heap.push(i);
  const order: string[] = [];
  const done = new Uint8Array(ids.length);
  while (heap.size) {
    const i = heap.pop();
    done[i] = 1;
    order.push(ids[i]!);
    for (const r of readers[i]!) if (--waiting[r]! === 0) heap.push(r);
  }
  const stuck = [...position.values()].filter((i) => !done[i]).map((i) => ids[i]!);
  return { order, stuck };
}

class MinHeap {
  private readonly items: number[] = [];
  get size(): number {
    return this.items.length;
  }
  push(v: number): void {
    const a = this.items;
    a.push(v);
    for (let i = a.length - 1; i > 0; ) {
      const parent = (i - 1) >> 1;
      if (a[parent]! <= a[i]!) break;
      [a[parent], a[i]] = [a[i]!, a[parent]!];
      i = parent;
    }
  }
  pop(): number {
    const a = this.items;
    const top = a[0]!;
    const last = a.pop()!;
    if (a.length) {
      a[0] = last;
      for (let i = 0; ; ) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < a.length && a[l]! < a[m]!) m = l;
        if (r < a.length && a[r]! < a[m]!) m = r;
        if (m === i) break;
        [a[m], a[i]] = [a[i]!, a[m]!];
        i = m;
      }
    }
    return top;
  }
}
