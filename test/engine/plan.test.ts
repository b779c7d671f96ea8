import { describe, expect, it } from 'vitest';
import type { Workflow } from '../../core/workflow/schema.ts';
import { getNodeType } from '../../nodes/catalog.ts';
import { planWorkflow } from '../../server/engine/plan.ts';

const edge = (from: string, fromPort: string, to: string, toPort: string) => ({
  from: { node: from, port: fromPort },
  to: { node: to, port: toPort },
});

function workflow(nodes: [string, string][], edges: Workflow['edges']): Workflow {
  return {
    format: 'unclip-studio/workflow',
    version: 1,
    name: 'plan',
    nodes: nodes.map(([id, type]) => ({ id, type, params: {} })),
    edges,
  };
}

describe('planWorkflow', () => {
  it('keeps only what output nodes need, sources before readers, ties in file order', () => {
    const wf = workflow(
      [
        ['save2', 'image.save'],
        ['unused_text', 'text.encode'],
        ['m', 'model.load'],
        ['b', 'image.load'],
        ['a', 'image.load'],
        ['save1', 'image.save'],
      ],
      [
        edge('m', 'model', 'unused_text', 'model'),
        edge('a', 'image', 'save1', 'image'),
        edge('b', 'image', 'save2', 'image'),
      ],
    );
    const plan = planWorkflow(wf, getNodeType);
    expect(plan.map((s) => s.id)).toEqual(['b', 'save2', 'a', 'save1']);
    expect(plan.map((s) => s.readers)).toEqual([1, 0, 1, 0]);
    expect(plan[1]!.inputs).toEqual({ image: { node: 'b', port: 'image' } });
  });

  it('counts a node read by two others once per reader', () => {
    const wf = workflow(
      [
        ['a', 'image.load'],
        ['s', 'image.save'],
        ['p', 'image.preview'],
      ],
      [edge('a', 'image', 's', 'image'), edge('a', 'image', 'p', 'image')],
    );
    expect(planWorkflow(wf, getNodeType).map((s) => [s.id, s.readers])).toEqual([
      ['a', 2],
      ['s', 0],
      ['p', 0],
    ]);
  });

  it('names unknown types and cycles', () => {
    expect(() => planWorkflow(workflow([['x', 'no.such']], []), getNodeType)).toThrow(
      /"x" has an unknown type "no.such"/,
    );
    const cyclic = workflow(
      [
        ['s', 'image.save'],
        ['t1', 'text.encode'],
        ['t2', 'text.encode'],
      ],
      [
        edge('t1', 'text', 't2', 'model'),
        edge('t2', 'text', 't1', 'model'),
        edge('t1', 'text', 's', 'image'),
      ],
    );
    expect(() => planWorkflow(cyclic, getNodeType)).toThrow(/cycle through s, t1, t2/);
  });
});
