import { describe, expect, it } from 'vitest';
import { MAX_STEPS } from '../../../core/limits.ts';
import { paramProblem, resolveParams } from '../../../core/workflow/resolve-params.ts';
import { getNodeType } from '../../../nodes/catalog.ts';

const prior = getNodeType('prior.sample')!;

describe('resolveParams', () => {
  it('fills missing params with defaults and keeps given ones', () => {
    const { values, issues } = resolveParams(prior, { steps: 40 }, 'p');
    expect(issues).toEqual([]);
    expect(values).toEqual({ steps: 40, guidance: 4, seed: 0, count: 1, candidates: 1, sampler: 'ddpm' });
  });

  it('reports unknown params by name', () => {
    const { issues } = resolveParams(prior, { stpes: 40 }, 'p');
    expect(issues).toEqual([
      { node: 'p', param: 'stpes', message: 'unknown param "stpes" for prior.sample' },
    ]);
  });

  it('reports wrong types, out-of-range values and unlisted options, using defaults instead', () => {
    const { values, issues } = resolveParams(
      prior,
      { steps: MAX_STEPS + 1, guidance: '4', sampler: 'euler', count: 1.5 },
      'p',
    );
    expect(issues).toEqual([
      {
        node: 'p',
        param: 'steps',
        message: `param "steps" must be between 1 and ${MAX_STEPS}, got ${MAX_STEPS + 1}`,
      },
      { node: 'p', param: 'guidance', message: 'param "guidance" must be a number, got "4"' },
      { node: 'p', param: 'count', message: 'param "count" must be a whole number, got 1.5' },
      { node: 'p', param: 'sampler', message: 'param "sampler" must be one of "ddpm", "ddim", got "euler"' },
    ]);
    expect(values).toMatchObject({ steps: 25, guidance: 4, sampler: 'ddpm', count: 1 });
  });

  it("runs the type's own checks once the values are valid", () => {
    const { issues } = resolveParams(prior, { count: 16, candidates: 8 }, 'p');
    expect(issues).toEqual([
      {
        node: 'p',
        param: 'candidates',
        message: 'param "candidates": count x candidates must be at most 64',
      },
    ]);
  });
});

describe('paramProblem', () => {
  it('checks seeds, text, booleans and numeric select options', () => {
    expect(paramProblem({ kind: 'seed', default: 0, help: '' }, -1)).toMatch(/0 to 4294967295/);
    expect(paramProblem({ kind: 'seed', default: 0, help: '' }, 4294967295)).toBeNull();
    expect(paramProblem({ kind: 'text', default: '', maxLength: 3, help: '' }, 'abcd')).toMatch(
      /longer than 3/,
    );
    expect(paramProblem({ kind: 'boolean', default: false, help: '' }, 'yes')).toMatch(/true or false/);
    const stage = { kind: 'select', options: [1, 2], default: 1, help: '' } as const;
    expect(paramProblem(stage, 2)).toBeNull();
    expect(paramProblem(stage, '2')).toBe('must be one of 1, 2, got "2"');
    expect(paramProblem({ kind: 'number', default: 0, min: 0, max: 1, help: '' }, Number.NaN)).toMatch(
      /number/,
    );
  });
});
