/**
 * Large workflows for validation tests, the fuzz suite and the validation benchmark: the adversarial pass's
 * chain of upsampler.sample nodes with its image edges listed in reverse (or shuffled) order.
 */
import { WORKFLOW_FORMAT, WORKFLOW_VERSION } from '../../core/workflow/schema.ts';

export type EdgeOrder = 'forward' | 'reverse' | 'random';

/** model.load -> image.load -> `length` upsamplers in a chain -> image.save, edges in the given order. */
export function upsamplerChain(length: number, order: EdgeOrder, seed = 1) {
  const ups = Array.from({ length }, (_, i) => ({
    id: `u${i}`,
    type: 'upsampler.sample',
    params: { stage: (i % 2) + 1 },
  }));
  const nodes = [
    { id: 'm', type: 'model.load', params: { bundle: 'shapes-tiny' } },
    { id: 'img', type: 'image.load', params: { file: 'a.png' } },
    ...ups,
    { id: 'save', type: 'image.save', params: {} },
  ];
  const link = (from: string, fp: string, to: string, tp: string) => ({
    from: { node: from, port: fp },
    to: { node: to, port: tp },
  });
  const edges = ups.flatMap((u, i) => [
    link('m', 'model', u.id, 'model'),
    link(i === 0 ? 'img' : `u${i - 1}`, 'image', u.id, 'image'),
  ]);
  edges.push(link(`u${length - 1}`, 'image', 'save', 'image'));
  if (order === 'reverse') edges.reverse();
  if (order === 'random') shuffle(edges, seed);
  return { format: WORKFLOW_FORMAT, version: WORKFLOW_VERSION, name: 'chain', nodes, edges };
}

/** Fisher-Yates with a small LCG: the same seed, the same order. */
export function shuffle<T>(items: T[], seed: number): T[] {
  let s = seed >>> 0 || 1;
  for (let i = items.length - 1; i > 0; i--) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    const j = s % (i + 1);
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}

/** An array nested `depth` levels deep, built without recursion. */
export function deepArray(depth: number): unknown {
  let value: unknown = [];
  for (let i = 1; i < depth; i++) value = [value];
  return value;
}

/** The JSON text of deepArray(depth), written directly (JSON.stringify would overflow the stack). */
export function deepArrayJson(depth: number): string {
  return `${'['.repeat(depth)}${']'.repeat(depth)}`;
}
