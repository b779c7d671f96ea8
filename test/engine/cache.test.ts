import { describe, expect, it } from 'vitest';
import { float32 } from '../../nodes/tensor.ts';
import { estimateBytes, nodeKey, OutputCache } from '../../server/engine/cache.ts';

const tensorResult = (n: number) => ({ outputs: { x: { embeds: float32([n], new Float32Array(n)) } } });

describe('nodeKey', () => {
  it('depends on type, params and input keys, not on param order', () => {
    const a = nodeKey(
      'decoder.sample',
      { seed: 1, steps: 10 },
      { embedding: { key: 'k1', port: 'embedding' } },
    );
    expect(
      nodeKey('decoder.sample', { steps: 10, seed: 1 }, { embedding: { key: 'k1', port: 'embedding' } }),
    ).toBe(a);
    expect(
      nodeKey('decoder.sample', { seed: 2, steps: 10 }, { embedding: { key: 'k1', port: 'embedding' } }),
    ).not.toBe(a);
    expect(
      nodeKey('decoder.sample', { seed: 1, steps: 10 }, { embedding: { key: 'k2', port: 'embedding' } }),
    ).not.toBe(a);
    expect(
      nodeKey('prior.sample', { seed: 1, steps: 10 }, { embedding: { key: 'k1', port: 'embedding' } }),
    ).not.toBe(a);
    expect(
      nodeKey('decoder.sample', { seed: 1, steps: 10 }, { embedding: { key: 'k1', port: 'other' } }),
    ).not.toBe(a);
    expect(nodeKey('image.load', { file: 'a.png' }, {}, { file: [10, 1] })).not.toBe(
      nodeKey('image.load', { file: 'a.png' }, {}, { file: [10, 2] }),
    );
  });
});

describe('estimateBytes', () => {
  it('counts typed arrays once, model handles as nothing', () => {
    const t = float32([2, 3], new Float32Array(6));
    expect(estimateBytes({ a: t, b: { again: t.data } })).toBe(24);
    expect(estimateBytes({ model: { manifest: {}, run() {}, big: new Float32Array(1000) } })).toBe(0);
  });
});

describe('OutputCache', () => {
  it('evicts the least recently used entries to stay under its byte bound', () => {
    const cache = new OutputCache(1000);
    cache.set('a', tensorResult(100)); // 400 bytes
    cache.set('b', tensorResult(100));
    expect(cache.get('a')).toBeDefined(); // a is now the most recent
    cache.set('c', tensorResult(100)); // 1200 > 1000: b goes
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')).toBeDefined();
    expect(cache.get('c')).toBeDefined();
    expect(cache.bytes).toBe(800);
  });

  it('does not keep a result larger than the whole cache, and replaces entries in place', () => {
    const cache = new OutputCache(1000);
    cache.set('big', tensorResult(1000));
    expect(cache.size).toBe(0);
    cache.set('a', tensorResult(10));
    cache.set('a', tensorResult(20));
    expect([cache.size, cache.bytes]).toEqual([1, 80]);
  });
});
