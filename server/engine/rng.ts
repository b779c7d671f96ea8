/**
 * The engine's random numbers: Philox4x32-10 (Salmon et al. 2011, Random123), a counter-based generator.
 * Key = (seed, FNV-1a hash of the stream name); counter = block index. Integer maths only (Math.imul and
 * exact 16-bit partial products), Box-Muller in float64 rounded to float32: the same numbers on every machine.
 * Consecutive calls continue one sequence: normal(a) then normal(b) equals normal(a + b).
 */
import type { Rng } from '../../nodes/define.ts';

const M0 = 0xd2511f53;
const M1 = 0xcd9e8d57;
const W0 = 0x9e3779b9;
const W1 = 0xbb67ae85;
const TWO_PI = 2 * Math.PI;
const INV_2_53 = 2 ** -53;
const INV_2_24 = 2 ** -24;

/** High 32 bits of the 64-bit product of two uint32 (every partial product stays below 2^53). */
function mulHi(a: number, b: number): number {
  const al = a & 0xffff;
  const ah = a >>> 16;
  const bl = b & 0xffff;
  const bh = b >>> 16;
  const t = al * bl;
  const m1 = ah * bl;
  const m2 = al * bh;
  // t, m1 and m2 are below 2^32, so the unsigned shifts are exact.
  const carry = ((t >>> 16) + (m1 & 0xffff) + (m2 & 0xffff)) >>> 16;
  return (ah * bh + (m1 >>> 16) + (m2 >>> 16) + carry) >>> 0;
}

/** One Philox4x32-10 block: writes four uint32 into `out`. */
export function philox4x32(counter: readonly number[], key: readonly number[], out: Uint32Array): void {
  let c0 = counter[0]! >>> 0;
  let c1 = counter[1]! >>> 0;
  let c2 = counter[2]! >>> 0;
  let c3 = counter[3]! >>> 0;
  let k0 = key[0]! >>> 0;
  let k1 = key[1]! >>> 0;
  for (let round = 0; round < 10; round++) {
    const hi0 = mulHi(M0, c0);
    const lo0 = Math.imul(M0, c0) >>> 0;
    const hi1 = mulHi(M1, c2);
    const lo1 = Math.imul(M1, c2) >>> 0;
    c0 = (hi1 ^ c1 ^ k0) >>> 0;
    c1 = lo1;
    c2 = (hi0 ^ c3 ^ k1) >>> 0;
    c3 = lo0;
    k0 = (k0 + W0) >>> 0;
    k1 = (k1 + W1) >>> 0;
  }
  out[0] = c0;
  out[1] = c1;
  out[2] = c2;
  out[3] = c3;
}

/** 32-bit FNV-1a of the UTF-8 bytes of a stream name. */
export function hashStream(stream: string): number {
  let h = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(stream)) {
    h ^= byte;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

class PhiloxRng implements Rng {
  private readonly key: [number, number];
  private block = 0;
  private readonly words = new Uint32Array(4);
  private spareNormals: number[] = [];
  private spareUniforms: number[] = [];

  constructor(seed: number, stream: string) {
    if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff)
      throw new Error(`seed must be an integer in [0, 4294967295], got ${seed}`);
    this.key = [seed >>> 0, hashStream(stream)];
  }

  private next(): Uint32Array {
    const b = this.block++;
    philox4x32([b >>> 0, Math.floor(b / 0x100000000) >>> 0, 0, 0], this.key, this.words);
    return this.words;
  }

  normal(count: number): Float32Array {
    const out = new Float32Array(count);
    let i = 0;
    this.spareUniforms = [];
    while (i < count && this.spareNormals.length > 0) out[i++] = this.spareNormals.shift()!;
    while (i < count) {
      const w = this.next();
      // Two 53-bit uniforms in (0, 1): 27 high bits of one word, 26 of the next, plus one half.
      const u1 = ((w[0]! >>> 5) * 0x4000000 + (w[1]! >>> 6) + 0.5) * INV_2_53;
      const u2 = ((w[2]! >>> 5) * 0x4000000 + (w[3]! >>> 6) + 0.5) * INV_2_53;
      const r = Math.sqrt(-2 * Math.log(u1));
      const theta = TWO_PI * u2;
      out[i++] = r * Math.cos(theta);
      const second = r * Math.sin(theta);
      if (i < count) out[i++] = second;
      else this.spareNormals.push(second);
    }
    return out;
  }

  uniform(count: number): Float32Array {
    const out = new Float32Array(count);
    let i = 0;
    this.spareNormals = [];
    while (i < count && this.spareUniforms.length > 0) out[i++] = this.spareUniforms.shift()!;
    while (i < count) {
      const w = this.next();
      for (let k = 0; k < 4; k++) {
        // 24 bits: exactly representable in float32, so the value stays below 1 after rounding.
        const u = (w[k]! >>> 8) * INV_2_24;
        if (i < count) out[i++] = u;
        else this.spareUniforms.push(u);
      }
    }
    return out;
  }
}

/** A generator for (seed, stream): independent streams of one seed never overlap. */
export function createRng(seed: number, stream: string): Rng {
  return new PhiloxRng(seed, stream);
}
