/**
 * POST /api/runs with hundreds of randomly mutated workflows (the examples, or the built-in chain until they
 * exist): every answer is 202 or a 4xx {error, issues} whose issues say what is wrong; the server stays up.
 * The queue is paused, so nothing executes; the queued runs are cancelled at the end.
 */
import { cpSync, existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NodeSpec } from '../../core/node-spec.ts';
import type { ApiError, NodesResponse } from '../../core/protocol.ts';
import { getJson, postJson, rawRequest, startTestServer, type TestServer, tempDir } from './harness.ts';
import { textToImage } from './workflows.ts';

const MUTANTS = 520;
const EXAMPLES_DIR = path.resolve(import.meta.dirname, '../../examples');

type Doc = Record<string, unknown> & { nodes: Record<string, unknown>[]; edges: Record<string, unknown>[] };

function baseWorkflows(): Doc[] {
  const examples = existsSync(EXAMPLES_DIR)
    ? readdirSync(EXAMPLES_DIR)
        .filter((f) => f.endsWith('.json'))
        .map((f) => JSON.parse(readFileSync(path.join(EXAMPLES_DIR, f), 'utf8')) as Doc)
    : [];
  return [...examples, textToImage() as unknown as Doc];
}

/** mulberry32: a small seeded generator, so a failure can be replayed. */
function random(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(list: readonly T[]): T => list[int(list.length)] as T;
  return { next, int, pick };
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

function mutate(doc: Doc, rng: ReturnType<typeof random>, catalog: NodeSpec[]): unknown {
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

describe('fuzzed workflows', () => {
  let server: TestServer;
  const dataDir = tempDir('fuzz');
  beforeAll(async () => {
    // The image examples read these inputs: with them present, intact examples validate and queue.
    const inputs = path.join(EXAMPLES_DIR, 'inputs');
    if (existsSync(inputs)) cpSync(inputs, path.join(dataDir, 'inputs'), { recursive: true });
    server = await startTestServer({ dataDir });
    await postJson(`${server.url}/api/queue/pause`, {});
  });
  afterAll(async () => {
    await server.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it(`answers ${MUTANTS} mutants with 202 or a 4xx naming the problem, and stays up`, async () => {
    const catalog = (await getJson<NodesResponse>(`${server.url}/api/nodes`)).body.nodes;
    const bases = baseWorkflows();
    const rng = random(20_260_101);
    const queued: string[] = [];
    for (const base of bases) {
      const intact = await postJson(`${server.url}/api/runs`, { workflow: base });
      expect(intact.status, `${String(base.name)}: ${JSON.stringify(intact.body)}`).toBe(202);
      queued.push((intact.body as { id: string }).id);
    }
    const statuses = new Map<number, number>();
    for (let i = 0; i < MUTANTS; i++) {
      const workflow = mutate(structuredClone(rng.pick(bases)), rng, catalog);
      const res = await postJson(`${server.url}/api/runs`, { workflow });
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      const context = `mutant ${i}: ${JSON.stringify(workflow).slice(0, 300)} -> ${JSON.stringify(res.body)}`;
      if (res.status === 202) {
        queued.push((res.body as { id: string }).id);
        continue;
      }
      expect(res.status, context).toBeGreaterThanOrEqual(400);
      expect(res.status, context).toBeLessThan(500);
      const body = res.body as ApiError;
      expect(typeof body.error, context).toBe('string');
      expect(body.issues?.length, context).toBeGreaterThan(0);
      for (const issue of body.issues ?? []) {
        expect(issue.message.length, context).toBeGreaterThan(3);
        const located = issue.node ?? issue.path ?? issue.edge ?? issue.param ?? issue.port;
        const global = /output node|workflow|format|version/i.test(issue.message);
        expect(located !== undefined || global, context).toBe(true);
      }
    }
    expect(statuses.get(400) ?? 0).toBeGreaterThan(MUTANTS / 2);
    expect(queued.length).toBeGreaterThan(0);

    const garbage = await rawRequest(server.url, {
      method: 'POST',
      path: '/api/runs',
      headers: { host: server.host, 'content-type': 'application/json' },
      body: '{"workflow": {"nodes": [',
    });
    expect(garbage.status).toBe(400);

    for (const id of queued)
      expect((await getJson(`${server.url}/api/runs/${id}`, { method: 'DELETE' })).status).toBe(200);
    const page = await getJson<{ queue: unknown[] }>(`${server.url}/api/runs`);
    expect(page.status).toBe(200);
    expect(page.body.queue).toHaveLength(0);
  });
});
