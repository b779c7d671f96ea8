/**
 * Test helpers around the shipped bundle: its golden fixtures (torch reference runs) as tensors, a Rng that
 * serves a fixture's injected noise, and a NodeContext for calling node types directly.
 */
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Workflow } from '../../core/workflow/schema.ts';
import type { Rng } from '../../nodes/define.ts';
import { type Float32Tensor, float32, int64, type Tensor } from '../../nodes/tensor.ts';
import { NodeContext } from '../../server/engine/context.ts';
import { ModelRegistry, SHIPPED_MODELS_DIR } from '../../server/runtime/index.ts';

export const BUNDLE = 'shapes-tiny';
export const FIXTURES_DIR = join(SHIPPED_MODELS_DIR, BUNDLE, 'fixtures');

export interface Fixture {
  meta: Record<string, unknown>;
  tensors: Record<string, Tensor>;
}

export function loadFixture(name: string): Fixture {
  const raw = JSON.parse(readFileSync(join(FIXTURES_DIR, `${name}.json`), 'utf8')) as {
    meta: Record<string, unknown>;
    tensors: Record<string, { dtype: 'float32' | 'int64'; dims: number[]; b64: string }>;
  };
  const tensors: Record<string, Tensor> = {};
  for (const [key, t] of Object.entries(raw.tensors)) {
    const bytes = Buffer.from(t.b64, 'base64');
    const copy = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
    tensors[key] =
      t.dtype === 'float32'
        ? float32(t.dims, new Float32Array(copy))
        : int64(t.dims, new BigInt64Array(copy));
  }
  return { meta: raw.meta, tensors };
}

export function f32(fixture: Fixture, key: string): Float32Tensor {
  const t = fixture.tensors[key];
  if (t?.dtype !== 'float32') throw new Error(`fixture has no float32 tensor "${key}"`);
  return t;
}

export function maxAbsDiff(a: Float32Tensor, b: Float32Tensor): number {
  if (a.dims.join(',') !== b.dims.join(',')) throw new Error(`dims [${a.dims}] vs [${b.dims}]`);
  let m = 0;
  for (let i = 0; i < a.data.length; i++) m = Math.max(m, Math.abs(a.data[i]! - b.data[i]!));
  return m;
}

/**
 * A Rng serving fixture noise. Streams are "<stage>.x_T<tag>" and "<stage>.step.<k><tag>" (one row per
 * call; row = seed - baseSeed); `tensors[stage]` holds x_T [B, ...] and noise [steps, B, ...].
 */
export function fixtureRng(
  sources: Record<string, { xT: Float32Tensor; noise?: Float32Tensor }>,
  baseSeed = 0,
) {
  return (seed: number, stream: string): Rng => {
    const m = /^(\w+)\.(x_T|step\.(\d+))(\.c\d+)?$/.exec(stream);
    const source = m ? sources[m[1]!] : undefined;
    if (!m || !source) throw new Error(`no fixture noise for stream "${stream}"`);
    const row = seed - baseSeed;
    const take = (t: Float32Tensor, offset: number, count: number) => t.data.slice(offset, offset + count);
    return {
      normal(count) {
        if (m[2] === 'x_T') return take(source.xT, row * count, count);
        const k = Number(m[3]);
        const rows = source.noise!.dims[1]!;
        return take(source.noise!, (k * rows + row) * count, count);
      },
      uniform() {
        throw new Error('fixtures inject normals only');
      },
    };
  };
}

export function sharedRegistry(): ModelRegistry {
  return new ModelRegistry({ dirs: [SHIPPED_MODELS_DIR] });
}

const emptyWorkflow: Workflow = {
  format: 'unclip-studio/workflow',
  version: 1,
  name: 'test',
  nodes: [],
  edges: [],
};

/** A context for calling a node type's execute directly. */
export function testContext(
  registry: ModelRegistry,
  rng?: (seed: number, stream: string) => Rng,
): NodeContext {
  const dir = join(tmpdir(), 'unclip-test-none');
  return new NodeContext(
    'test',
    new AbortController().signal,
    { models: registry, inputsDir: dir, outputsDir: dir, ...(rng ? { rng } : {}) },
    { runId: 'test', workflow: emptyWorkflow, files: [], names: new Map(), inputFiles: new Map() },
    () => undefined,
  );
}
