/**
 * The output cache. A node's key hashes its type, its resolved params and the keys of the outputs feeding
 * each input port (ComfyUI's scheme): node ids play no part, so an edit invalidates only the edited node
 * and what is downstream, and identical subgraphs share one entry. Bounded LRU by estimated bytes.
 */
import { createHash } from 'node:crypto';
import type { ExecResult } from '../../nodes/define.ts';

export type NodeOutputs = Record<string, unknown>;
export type CachedResult = ExecResult<NodeOutputs>;

/** JSON with object keys sorted, so params written in any order hash alike. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * The cache key of one node. `inputs` maps each input port to the key of the node feeding it and the
 * output port read; `extra` carries facts params alone do not show (a digest of each input file read).
 */
export function nodeKey(
  type: string,
  params: Record<string, unknown>,
  inputs: Record<string, { key: string; port: string }>,
  extra?: unknown,
): string {
  return createHash('sha256')
    .update(canonical({ type, params, inputs, extra: extra ?? null }))
    .digest('hex');
}

/** Bytes held by a node's outputs: typed arrays counted once each; model handles and strings weigh ~0. */
export function estimateBytes(value: unknown, seen = new Set<unknown>()): number {
  if (value === null || typeof value !== 'object' || seen.has(value)) return 0;
  seen.add(value);
  if (ArrayBuffer.isView(value)) return value.byteLength;
  if ('manifest' in value && 'run' in value) return 0; // a ModelHandle: owned by the registry
  let total = 0;
  for (const v of Object.values(value)) total += estimateBytes(v, seen);
  return total;
}

export class OutputCache {
  private readonly entries = new Map<string, { result: CachedResult; bytes: number }>();
  private used = 0;

  constructor(readonly maxBytes: number) {}

  get size(): number {
    return this.entries.size;
  }

  get bytes(): number {
    return this.used;
  }

  /** The cached result, marked most recently used. */
  get(key: string): CachedResult | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry.result;
  }

  /** Store a result, evicting the least recently used; results larger than the whole cache are not kept. */
  set(key: string, result: CachedResult): void {
    this.delete(key);
    const bytes = estimateBytes(result.outputs);
    if (bytes > this.maxBytes) return;
    this.entries.set(key, { result, bytes });
    this.used += bytes;
    for (const [oldest, entry] of this.entries) {
      if (this.used <= this.maxBytes) break;
      this.entries.delete(oldest);
      this.used -= entry.bytes;
    }
  }

  delete(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    this.used -= entry.bytes;
  }

  clear(): void {
    this.entries.clear();
    this.used = 0;
  }
}
