import { describe, expect, it } from 'vitest';
import { connectionProblem, findPath, validateConnection } from '../../../core/workflow/connections.ts';
import { getNodeType } from '../../../nodes/catalog.ts';
import { edge } from './sample-workflow.ts';

const nodes = [
  { id: 'load', type: 'model.load' },
  { id: 'text', type: 'text.encode' },
  { id: 'img', type: 'image.load' },
  { id: 'prior', type: 'prior.sample' },
  { id: 'mixA', type: 'embedding.interpolate' },
  { id: 'mixB', type: 'embedding.interpolate' },
  { id: 'odd', type: 'no.such.type' },
];
const edges = [edge('load', 'model', 'text', 'model'), edge('mixA', 'embedding', 'mixB', 'a')];
const graph = { nodes, edges };

describe('validateConnection', () => {
  it('accepts an edge between sockets of the same kind', () => {
    expect(validateConnection(graph, edge('text', 'text', 'prior', 'text'), getNodeType)).toBeNull();
  });

  it('refuses different kinds, naming both', () => {
    expect(validateConnection(graph, edge('img', 'image', 'mixA', 'a'), getNodeType)).toBe(
      'image cannot connect to embedding',
    );
  });

  it('refuses unknown output and input ports, listing the real ones', () => {
    expect(validateConnection(graph, edge('load', 'bundle', 'text', 'model'), getNodeType)).toBe(
      'model.load has no output "bundle"; its outputs are model',
    );
    expect(validateConnection(graph, edge('load', 'model', 'img', 'model'), getNodeType)).toBe(
      'image.load has no input "model"; it has no inputs',
    );
  });

  it('refuses unknown nodes and node types', () => {
    expect(validateConnection(graph, edge('ghost', 'model', 'text', 'model'), getNodeType)).toBe(
      'there is no node "ghost"',
    );
    expect(validateConnection(graph, edge('load', 'model', 'odd', 'model'), getNodeType)).toBe(
      'node "odd" has unknown type "no.such.type"',
    );
  });

  it('refuses a second edge into an input', () => {
    expect(validateConnection(graph, edge('load', 'model', 'text', 'model'), getNodeType)).toBe(
      'input "model" of "text" is already connected (from "load")',
    );
  });

  it('refuses an edge that closes a cycle, naming the nodes on it', () => {
    const problem = connectionProblem(graph, edge('mixB', 'embedding', 'mixA', 'b'), getNodeType);
    expect(problem).toMatchObject({ code: 'cycle', cycle: ['mixB', 'mixA', 'mixB'] });
    expect(problem?.message).toBe('would create a cycle through mixB -> mixA -> mixB');
    expect(validateConnection(graph, edge('mixA', 'embedding', 'mixA', 'b'), getNodeType)).toBe(
      'would create a cycle through mixA -> mixA',
    );
  });

  it('does not mistake inherited object keys for ports', () => {
    expect(validateConnection(graph, edge('load', 'constructor', 'text', 'model'), getNodeType)).toMatch(
      /no output/,
    );
  });
});

describe('findPath', () => {
  it('finds a directed path or null', () => {
    const e = [edge('a', 'x', 'b', 'y'), edge('b', 'x', 'c', 'y'), edge('d', 'x', 'a', 'y')];
    expect(findPath(e, 'a', 'c')).toEqual(['a', 'b', 'c']);
    expect(findPath(e, 'c', 'a')).toBeNull();
    expect(findPath(e, 'b', 'b')).toEqual(['b']);
  });
});
