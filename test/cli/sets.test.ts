import { describe, expect, it } from 'vitest';
import { applySets, parseParamValue } from '../../server/cli/sets.ts';

interface Doc {
  format: string;
  version: number;
  edges: unknown[];
  nodes: { id: string; type: string; params?: Record<string, unknown> }[];
}

const workflow: Doc = {
  format: 'unclip-studio/workflow',
  version: 1,
  nodes: [
    { id: 'prompt', type: 'text.encode', params: { prompt: 'a' } },
    { id: 'up.1', type: 'upsampler.sample', params: {} },
    { id: 'dec', type: 'decoder.sample' },
  ],
  edges: [],
};

describe('--set', () => {
  it('types values by the param spec: text stays text, select options match, numbers parse', () => {
    const out = applySets(workflow, [
      'prompt.prompt=42',
      'up.1.stage=2',
      'dec.seed=7',
      'dec.sampler=ddim',
    ]) as Doc;
    expect(out.nodes[0]!.params).toEqual({ prompt: '42' });
    expect(out.nodes[1]!.params).toEqual({ stage: 2 });
    expect(out.nodes[2]!.params).toEqual({ seed: 7, sampler: 'ddim' });
    expect(workflow.nodes[0]!.params!.prompt).toBe('a'); // the input is not modified
  });

  it('keeps everything after the first "=" and leaves bad values for validation to name', () => {
    const out = applySets(workflow, ['prompt.prompt=x=y', 'dec.steps=many']) as Doc;
    expect(out.nodes[0]!.params!.prompt).toBe('x=y');
    expect(out.nodes[2]!.params).toEqual({ steps: 'many' });
  });

  it('guesses types for unknown params', () => {
    expect(parseParamValue(undefined, 'true')).toBe(true);
    expect(parseParamValue(undefined, '1e3')).toBe(1000);
    expect(parseParamValue(undefined, ' ')).toBe(' ');
  });

  it('names malformed settings and missing nodes', () => {
    expect(() => applySets(workflow, ['prompt'])).toThrow(/expected nodeId.param=value/);
    expect(() => applySets(workflow, ['.x=1'])).toThrow(/expected nodeId.param=value/);
    expect(() => applySets(workflow, ['ghost.seed=1'])).toThrow(/no node "ghost"/);
  });
});
