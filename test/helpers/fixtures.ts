/** Reads the golden fixtures the training recipe writes (models/<bundle>/fixtures/*.json). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Float32Tensor, Int64Tensor, Tensor } from '../../nodes/tensor.ts';
import { SHIPPED_MODELS_DIR } from '../../server/runtime/index.ts';

interface RawTensor {
  dtype: 'float32' | 'int64';
  dims: number[];
  b64: string;
}
export interface Fixture {
  meta: Record<string, unknown>;
  tensors: Record<string, Tensor>;
}

export const BUNDLE_DIR = join(SHIPPED_MODELS_DIR, 'shapes-tiny');

function decode(raw: RawTensor): Tensor {
  const bytes = Buffer.from(raw.b64, 'base64');
  const copy = new Uint8Array(bytes.length);
  copy.set(bytes);
  if (raw.dtype === 'float32')
    return { dtype: 'float32', dims: raw.dims, data: new Float32Array(copy.buffer) };
  return { dtype: 'int64', dims: raw.dims, data: new BigInt64Array(copy.buffer) };
}

export function loadFixture(name: string): Fixture {
  const json = JSON.parse(readFileSync(join(BUNDLE_DIR, 'fixtures', name), 'utf8')) as {
    meta?: Record<string, unknown>;
    tensors: Record<string, RawTensor>;
  };
  const tensors: Record<string, Tensor> = {};
  for (const [k, v] of Object.entries(json.tensors)) tensors[k] = decode(v);
  return { meta: json.meta ?? {}, tensors };
}

export function f32(fx: Fixture, name: string): Float32Tensor {
  const t = fx.tensors[name];
  if (t?.dtype !== 'float32') throw new Error(`fixture tensor "${name}" missing or not float32`);
  return t;
}
export function i64(fx: Fixture, name: string): Int64Tensor {
  const t = fx.tensors[name];
  if (t?.dtype !== 'int64') throw new Error(`fixture tensor "${name}" missing or not int64`);
  return t;
}

/** Largest absolute difference, and that difference relative to the reference's largest magnitude. */
export function compare(got: ArrayLike<number>, want: ArrayLike<number>): { maxAbs: number; rel: number } {
  if (got.length !== want.length) throw new Error(`length ${got.length} != ${want.length}`);
  let maxAbs = 0;
  let scale = 0;
  for (let i = 0; i < got.length; i++) {
    maxAbs = Math.max(maxAbs, Math.abs((got[i] as number) - (want[i] as number)));
    scale = Math.max(scale, Math.abs(want[i] as number));
  }
  return { maxAbs, rel: maxAbs / Math.max(scale, 1e-12) };
}
