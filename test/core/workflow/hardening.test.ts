/** Regression tests for issue 11's validation rows: linear graph checks, reserved names, batch rows, JSON depth. */
import { describe, expect, it } from 'vitest';
import { jsonDepthProblem, parseJsonLimited } from '../../../core/json-depth.ts';
import { topologicalOrder } from '../../../core/workflow/topo-order.ts';
import { validateWorkflow } from '../../../core/workflow/validate.ts';
import { describeCatalog, getNodeType } from '../../../nodes/catalog.ts';
import { deepArrayJson, upsamplerChain } from '../../helpers/big-graphs.ts';
import { edge, env, textToImage } from './sample-workflow.ts';

const anyFile = { ...env, inputExists: () => true };

describe('graph checks are linear', () => {
  it('validates the 1990-node upsampler chain with edges in reverse order (was ~114 s)', () => {
    const { issues } = validateWorkflow(upsamplerChain(1990, 'reverse'), anyFile);
    expect(issues).toEqual([]);
  });

  it('reports a cycle closing a 1990-node reversed chain, naming its nodes', () => {
    const wf = upsamplerChain(1990, 'reverse');
    // Feed the first upsampler from the last one instead of the loaded image.
    const first = wf.edges.find((e) => e.to.node === 'u0' && e.to.port === 'image')!;
    first.from = { node: 'u1989', port: 'image' };
    const { issues } = validateWorkflow(wf, anyFile);
    const cycle = issues.find((i) => /cycle/.test(i.message))!;
    expect(cycle.message).toMatch(/^edges form a cycle: u\d+ -> /);
    expect(cycle.message.split(' -> ')).toHaveLength(1991);
  });

  it('orders 20000 nodes topologically by listed position, reporting the nodes on a cycle', () => {
    const ids = Array.from({ length: 20000 }, (_, i) => `n${i}`);
    const links = ids
      .slice(1)
      .map((id, i) => [ids[i]!, id] as const)
      .reverse();
    expect(topologicalOrder(ids, links).order).toEqual(ids);
    expect(
      topologicalOrder(
        ['a', 'b', 'c'],
        [
          ['a', 'b'],
          ['b', 'a'],
          ['c', 'a'],
        ],
      ).stuck,
    ).toEqual(['a', 'b']);
  });
});

describe('reserved names are unknown names', () => {
  it('reports "__proto__" as an unknown param from raw JSON (was silently dropped)', () => {
    const text = JSON.stringify(textToImage()).replace('"steps":10', '"__proto__":{"steps":1},"steps":10');
    const { issues } = validateWorkflow(JSON.parse(text), env);
    expect(issues).toContainEqual({
      node: 'prior',
      param: '__proto__',
      message: 'unknown param "__proto__" for prior.sample',
    });
  });

  it('reports "constructor" and "prototype" params, and refuses them as node ids and ports', () => {
    const wf = textToImage();
    wf.nodes[2]!.params = { constructor: 1, prototype: 2 } as never;
    const names = validateWorkflow(wf, env).issues.map((i) => i.param);
    expect(names).toEqual(expect.arrayContaining(['constructor', 'prototype']));
    for (const id of ['__proto__', 'constructor', 'prototype']) {
      const renamed = JSON.parse(JSON.stringify(textToImage()).replaceAll('"save"', `"${id}"`));
      expect(validateWorkflow(renamed, env).issues[0]!.message).toMatch(/may not be __proto__/);
    }
    const port = textToImage();
    port.edges[8] = edge('up', 'image', 'save', 'constructor');
    expect(validateWorkflow(port, env).issues[0]).toMatchObject({ node: 'save', port: 'constructor' });
  });
});

describe('batch rows are estimated by validation before queueing', () => {
  const withPrompt = (prompt: string, count = 1) => {
    const wf = textToImage();
    wf.nodes[1]!.params = { prompt };
    wf.nodes[2]!.params = { steps: 10, seed: 3, count } as never;
    return validateWorkflow(wf, env).issues;
  };
  const lines = (n: number) => Array.from({ length: n }, (_, i) => `${i % 10}`).join('\n');

  it('refuses 65 and 1000 prompt lines at text.encode, naming the param', () => {
    for (const n of [65, 1000])
      expect(withPrompt(lines(n))).toEqual([
        {
          node: 'text',
          param: 'prompt',
          message: `text.encode would work on ${n} batch rows (${n} prompt line(s)); the limit is 64`,
        },
      ]);
    expect(withPrompt(lines(64))).toEqual([]);
  });

  it('refuses 16 prompt lines with count 16 at prior.sample', () => {
    const [issue] = withPrompt(lines(16), 16);
    expect(issue).toMatchObject({ node: 'prior', param: 'candidates' });
    expect(issue!.message).toMatch(
      /prior.sample would work on 256 batch rows \(16 input row\(s\) x count 16/,
    );
    expect(withPrompt(lines(4), 16)).toEqual([]);
  });

  it('reports the same issue from the catalogue as the editor gets it (JSON of GET /api/nodes)', () => {
    const fetched = JSON.parse(JSON.stringify(describeCatalog())) as ReturnType<typeof describeCatalog>;
    const editorEnv = { ...env, lookup: (type: string) => fetched.find((s) => s.type === type) };
    const wf = textToImage();
    wf.nodes[1]!.params = { prompt: lines(65) };
    expect(validateWorkflow(wf, editorEnv).issues).toEqual(validateWorkflow(wf, env).issues);
    expect(validateWorkflow(wf, editorEnv).issues[0]!.message).toMatch(/65 batch rows/);
  });

  it('serves every rule in the catalogue the editor fetches (GET /api/nodes)', () => {
    const specs = describeCatalog();
    expect(specs.find((s) => s.type === 'text.encode')!.rows).toEqual({ lines: 'prompt' });
    for (const s of specs) for (const port of s.rows?.inputs ?? []) expect(s.inputs).toHaveProperty(port);
    expect(getNodeType('prior.sample')!.rows!.work).toEqual(['candidates']);
  });
});

describe('JSON nesting depth', () => {
  it('names where a 100,000-deep array passes the limit, without parsing it', () => {
    const text = `{"nodes":[{"ui":{"a":${deepArrayJson(100_000)}}}]}`;
    expect(jsonDepthProblem(text)).toEqual({
      path: ['nodes', '0', 'ui', 'a', ...Array(60).fill('0')].join('.'),
      message: expect.stringMatching(/nested deeper than 64 levels$/),
    });
    expect(() => parseJsonLimited(text)).toThrow(/deeper than 64/);
    expect(jsonDepthProblem(new TextEncoder().encode(`{"é€":${text}}`))?.path).toMatch(
      /^é€\.nodes\.0\.ui\.a\.0/,
    );
    expect(parseJsonLimited('{"a":[1,{"b":"[[[["}]}')).toEqual({ a: [1, { b: '[[[[' }] });
    expect(jsonDepthProblem('["a\\"[[[", {"k\\\\": [[]]}]', 4)).toBeNull();
    expect(jsonDepthProblem('["a\\"[[[", {"k\\\\": [[]]}]', 3)?.path).toBe('1.k\\\\.0');
  });
});
