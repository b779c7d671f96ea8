/** A small deterministic normal generator for node tests: the same (seed, stream) always gives the same values. */
import type { Rng } from '../../../nodes/define.ts';

function hash(seed: number, stream: string): number {
  let h = (seed ^ 0x9e3779b9) >>> 0;
  for (let i = 0; i < stream.length; i++) h = Math.imul(h ^ stream.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

export function testRng(seed: number, stream: string): Rng {
  let state = hash(seed, stream);
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    uniform: (count) => Float32Array.from({ length: count }, next),
    normal: (count) =>
      Float32Array.from(
        { length: count },
        () => Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next()),
      ),
  };
}
