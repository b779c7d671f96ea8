/** Plain tensors shared by the engine, the nodes and the runtime (NCHW, row-major). */
export interface Float32Tensor {
  readonly dtype: 'float32';
  readonly dims: readonly number[];
  readonly data: Float32Array;
}
export interface Int64Tensor {
  readonly dtype: 'int64';
  readonly dims: readonly number[];
  readonly data: BigInt64Array;
}
export type Tensor = Float32Tensor | Int64Tensor;

export function sizeOf(dims: readonly number[]): number {
  let n = 1;
  for (const d of dims) n *= d;
  return n;
}

export function float32(dims: readonly number[], data?: Float32Array | ArrayLike<number>): Float32Tensor {
  const n = sizeOf(dims);
  const arr = data instanceof Float32Array ? data : data ? Float32Array.from(data) : new Float32Array(n);
  if (arr.length !== n)
    throw new Error(`tensor data has ${arr.length} values, dims [${dims.join(',')}] need ${n}`);
  return { dtype: 'float32', dims: [...dims], data: arr };
}

export function int64(dims: readonly number[], data: BigInt64Array): Int64Tensor {
  const n = sizeOf(dims);
  if (data.length !== n)
    throw new Error(`tensor data has ${data.length} values, dims [${dims.join(',')}] need ${n}`);
  return { dtype: 'int64', dims: [...dims], data };
}

/** Rows [start, end) along the batch (first) dimension, as a view-free copy. */
export function sliceBatch<T extends Tensor>(t: T, start: number, end: number): T {
  const row = sizeOf(t.dims.slice(1));
  const dims = [end - start, ...t.dims.slice(1)];
  const data = t.data.slice(start * row, end * row);
  return { dtype: t.dtype, dims, data } as unknown as T;
}

/** Concatenate along the batch dimension; all trailing dims must agree. */
export function concatBatch<T extends Tensor>(parts: readonly T[]): T {
  const first = parts[0];
  if (!first) throw new Error('concatBatch needs at least one tensor');
  const tail = first.dims.slice(1).join(',');
  let rows = 0;
  for (const p of parts) {
    if (p.dims.slice(1).join(',') !== tail || p.dtype !== first.dtype)
      throw new Error(`cannot concatenate [${p.dims.join(',')}] with [${first.dims.join(',')}]`);
    rows += p.dims[0] ?? 0;
  }
  const row = sizeOf(first.dims.slice(1));
  const data = first.dtype === 'float32' ? new Float32Array(rows * row) : new BigInt64Array(rows * row);
  let offset = 0;
  for (const p of parts) {
    (data as Float32Array).set(p.data as Float32Array, offset);
    offset += p.data.length;
  }
  return { dtype: first.dtype, dims: [rows, ...first.dims.slice(1)], data } as unknown as T;
}

/** Repeat each row `times` times in place order (row0,row0,row1,row1,...) when `interleave`, else tile the whole batch. */
export function repeatBatch<T extends Tensor>(t: T, times: number, interleave = false): T {
  const b = t.dims[0] ?? 0;
  const parts: T[] = [];
  if (interleave)
    for (let i = 0; i < b; i++) for (let k = 0; k < times; k++) parts.push(sliceBatch(t, i, i + 1));
  else for (let k = 0; k < times; k++) parts.push(t);
  return concatBatch(parts);
}
