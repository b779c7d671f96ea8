import { describe, expect, it } from 'vitest';
import { pcaProject } from '../../../nodes/math/pca.ts';
import {
  cosineSimilarity,
  dot,
  l2normalize,
  l2normalizeRows,
  norm,
  slerp,
  slerpUnit,
} from '../../../nodes/math/slerp.ts';
import { float32 } from '../../../nodes/tensor.ts';

const close = (v: ArrayLike<number>, digits = 6) => Array.from(v, (x) => expect.closeTo(x, digits));
const u0 = l2normalize([1, 2, 0, -1]);
const u1 = l2normalize([0, 1, 3, 1]);

describe('slerpUnit', () => {
  it('returns the endpoints at 0 and 1', () => {
    expect(Array.from(slerpUnit(u0, u1, 0))).toEqual(close(u0));
    expect(Array.from(slerpUnit(u0, u1, 1))).toEqual(close(u1));
  });

  it('stays on the unit sphere and moves at constant angular speed', () => {
    const omega = Math.acos(dot(u0, u1));
    for (const t of [0.1, 0.25, 0.5, 0.9]) {
      const p = slerpUnit(u0, u1, t);
      expect(norm(p)).toBeCloseTo(1, 6);
      expect(Math.acos(Math.min(1, dot(u0, p)))).toBeCloseTo(t * omega, 5);
    }
  });

  it('falls back to lerp for (nearly) parallel vectors', () => {
    const p = slerpUnit(u0, u0, 0.3);
    expect(Array.from(p)).toEqual(close(u0));
    expect(p.every(Number.isFinite)).toBe(true);
  });
});

describe('slerp on raw-norm vectors', () => {
  it('slerps the directions and interpolates the norms', () => {
    const a = [3, 0];
    const b = [0, 1];
    const mid = slerp(a, b, 0.5);
    expect(norm(mid)).toBeCloseTo(2, 6);
    expect(Array.from(l2normalize(mid))).toEqual(close([Math.SQRT1_2, Math.SQRT1_2]));
  });
});

describe('norms and cosine', () => {
  it('normalises vectors and rows; zero stays zero', () => {
    expect(Array.from(l2normalize([3, 4]))).toEqual(close([0.6, 0.8]));
    expect(Array.from(l2normalize([0, 0]))).toEqual([0, 0]);
    const rows = l2normalizeRows(float32([2, 2], [3, 4, 0, -2]));
    expect(Array.from(rows.data)).toEqual(close([0.6, 0.8, 0, -1]));
  });

  it('cosine similarity is the normalised dot product', () => {
    expect(cosineSimilarity([1, 0], [1, 1])).toBeCloseTo(Math.SQRT1_2, 12);
    expect(cosineSimilarity([2, 0], [-5, 0])).toBe(-1);
    expect(cosineSimilarity([0, 0], [1, 0])).toBe(0);
    expect(() => dot([1], [1, 2])).toThrow(/length/);
  });
});

describe('pcaProject', () => {
  const basis = {
    mean: [1, 1, 0],
    components: [
      [1, 0, 0],
      [0, 0, 1],
      [0, 1, 0],
    ],
  };
  const z = Float32Array.from([3, 5, -2, 0, 1, 4]);

  it("z' = mu + U_k U_k^T (z - mu), row by row", () => {
    expect(Array.from(pcaProject(z, basis, 1))).toEqual(close([3, 1, 0, 0, 1, 0]));
    expect(Array.from(pcaProject(z, basis, 2))).toEqual(close([3, 1, -2, 0, 1, 4]));
  });

  it('all components reconstruct z exactly; more than the basis has is refused', () => {
    expect(Array.from(pcaProject(z, basis, 3))).toEqual(close(z));
    expect(() => pcaProject(z, basis, 4)).toThrow(/3 components/);
  });
});
