/** The mutation fuzzer of POST /api/runs: seeded random edits of the examples (see fuzz.test.ts). */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { NodeSpec } from '../../core/node-spec.ts';
import type { random } from './fuzz-cases.ts';
import { textToImage } from './workflows.ts';

export const EXAMPLES_DIR = path.resolve(import.meta.dirname, '../../examples');

export type Doc = Record<string, unknown> & {
  nodes: Record<string, unknown>[];
  edges: Record<string, unknown>[];
};

export function baseWorkflows(): Doc[] {
  const examples = existsSync(EXAMPLES_DIR)
    ? readdirSync(EXAMPLES_DIR)
        .filter((f) => f.endsWith('.json'))
        .map((f) => JSON.parse(readFileSync(path.join(EXAMPLES_DIR, f), 'utf8')) as Doc)
    : [];
  return [...examples, textToImage() as unknown as Doc];
}

const ODD_VALUES: unknown[] = [
  null,
  -1,
  0,
  1.5,
  1e12,
  -1e12,
  'text',
  '',
  '../../etc/passwd',
  true,
  [],
  {},
  [1, 2],
  'x'.repeat(5000),
  Number.MAX_SAFE_INTEGER,
  '1e999',
  { $gt: 0 },
  '__proto__',
];

export function mutate(doc: Doc, rng: ReturnType<typeof random>, catalog: NodeSpec[]): unknown {
  // An earlier mutation may have replaced the lists themselves.
  const nodes = () => (Array.isArray(doc.nodes) ? doc.nodes : []);
  const edges = () => (Array.isArray(doc.edges) ? doc.edges : []);
  const nodeOf = () => (nodes().length ? rng.pick(nodes()) : undefined);
  const edgeOf = () => (edges().length ? rng.pick(edges()) : undefined);
  const mutations: (() => unknown)[] = [
    () => nodes().splice(rng.int(nodes().length), 1),
    () => edges().splice(rng.int(edges().length), 1),
    () => {
      const node = nodeOf();
      const type = catalog.find((t) => t.type === node?.type);
      const params = Object.keys(type?.params ?? {});
      if (node)
        node.params = {
          ...(node.params as object),
          [params.length ? rng.pick(params) : 'x']: rng.pick(ODD_VALUES),
        };
    },
    () => {
      const node = nodeOf();
      if (node)
        node.type = rng.next() < 0.5 ? rng.pick(catalog).type : rng.pick(['nope', '', 'constructor', 7]);
    },
    () => {
      const node = nodeOf();
      if (node) node.id = rng.pick(['', 'a b', '../x', 'x'.repeat(80), 5, nodes()[0]?.id]);
    },
    () => {
      const edge = edgeOf();
      if (edge)
        (edge[rng.pick(['from', 'to'])] as Record<string, unknown>).port = rng.pick([
          'nope',
          'image',
          'Model',
          3,
        ]);
    },
    () => {
      const edge = edgeOf();
      if (edge)
        (edge[rng.pick(['from', 'to'])] as Record<string, unknown>).node = rng.pick(['ghost', '', null]);
    },
    () => {
      const edge = edgeOf();
      if (edge) [edge.from, edge.to] = [edge.to, edge.from];
    },
    () => {
      const node = nodeOf();
      if (node) nodes().push(structuredClone(node));
    },
    () => {
      doc[rng.pick(['format', 'version', 'name', 'nodes', 'edges', 'extra'])] = rng.pick(ODD_VALUES);
    },
    () => {
      const node = nodeOf();
      if (node) delete node[rng.pick(['id', 'type', 'params'])];
    },
  ];
  const count = 1 + rng.int(3);
  for (let i = 0; i < count; i++) rng.pick(mutations)();
  return rng.next() < 0.03 ? rng.pick(ODD_VALUES) : doc;
}
