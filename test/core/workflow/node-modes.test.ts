import { describe, expect, it } from 'vitest';
import type { InputPort, NodeSpec } from '../../../core/node-spec.ts';
import type { SocketKind } from '../../../core/sockets.ts';
import { applyNodeModes } from '../../../core/workflow/node-modes.ts';
import type { Workflow } from '../../../core/workflow/schema.ts';
import { validateWorkflow } from '../../../core/workflow/validate.ts';
import { getNodeType } from '../../../nodes/catalog.ts';
import { edge, env, textToImage } from './sample-workflow.ts';

type Mode = 'bypass' | 'mute';
function withModes(modes: Record<string, Mode>, edit?: (wf: Workflow) => void): Workflow {
  const wf = textToImage() as Workflow;
  wf.nodes = wf.nodes.map((n) => (modes[n.id] ? { ...n, mode: modes[n.id] } : n));
  edit?.(wf);
  return wf;
}
const spec = (inputs: Record<string, InputPort>, outputs: Record<string, SocketKind>): NodeSpec => ({
  type: 'test',
  title: 'Test',
  category: 'text',
  description: '',
  inputs,
  outputs: Object.fromEntries(Object.entries(outputs).map(([k, kind]) => [k, { kind }])),
  params: {},
});
const ids = (wf: Workflow) => wf.nodes.map((n) => n.id);
const wires = (wf: Workflow) =>
  wf.edges.map((e) => `${e.from.node}.${e.from.port}>${e.to.node}.${e.to.port}`);

describe('applyNodeModes', () => {
  it('returns the same workflow when no node has a mode', () => {
    const wf = withModes({});
    const applied = applyNodeModes(wf, getNodeType);
    expect(applied.workflow).toBe(wf);
    expect(applied.issues).toEqual([]);
  });

  it('a bypassed upsampler passes its image input through to what read its output', () => {
    const { workflow, skipped, issues } = applyNodeModes(withModes({ up: 'bypass' }), getNodeType);
    expect(issues).toEqual([]);
    expect(ids(workflow)).toEqual(['load', 'text', 'prior', 'decode', 'save']);
    expect(wires(workflow)).toContain('decode.image>save.image');
    expect(wires(workflow).some((w) => w.includes('up.'))).toBe(false);
    expect(skipped.get('up')).toBe('bypass');
    expect(workflow.nodes.some((n) => 'mode' in n)).toBe(false);
  });

  it('two bypassed nodes in a row pass through both', () => {
    const wf = withModes({ up: 'bypass' }, (w) => {
      w.nodes.push({ id: 'up2', type: 'upsampler.sample', params: { stage: 2 }, mode: 'bypass' });
      w.edges = w.edges.filter((e) => e.to.node !== 'save');
      w.edges.push(edge('load', 'model', 'up2', 'model'), edge('up', 'image', 'up2', 'image'));
      w.edges.push(edge('up2', 'image', 'save', 'image'));
    });
    const { workflow } = applyNodeModes(wf, getNodeType);
    expect(wires(workflow)).toContain('decode.image>save.image');
  });

  it('a bypassed node without an input of its output kind is an issue naming it and the port', () => {
    const { issues } = applyNodeModes(withModes({ decode: 'bypass' }), getNodeType);
    expect(issues).toEqual([
      expect.objectContaining({
        node: 'decode',
        port: 'image',
        message: expect.stringContaining('has no connected image input'),
      }),
    ]);
  });

  it('a muted node does not run, nor what needs it; optional inputs it fed are left unconnected', () => {
    // A catalogue of its own, so the test does not hang on which decoder inputs are optional today.
    const specs: Record<string, NodeSpec> = {
      source: spec({}, { out: 'text' }),
      needs: spec({ text: { kind: 'text' } }, { out: 'image' }),
      may: spec({ text: { kind: 'text', optional: true } }, { out: 'image' }),
      sink: spec({ a: { kind: 'image' }, b: { kind: 'image', optional: true } }, {}),
    };
    const wf: Workflow = {
      format: 'unclip-studio/workflow',
      version: 1,
      name: 'modes',
      nodes: [
        { id: 'src', type: 'source', params: {}, mode: 'mute' },
        { id: 'need', type: 'needs', params: {} },
        { id: 'may', type: 'may', params: {} },
        { id: 'out', type: 'sink', params: {} },
      ],
      edges: [
        edge('src', 'out', 'need', 'text'),
        edge('src', 'out', 'may', 'text'),
        edge('may', 'out', 'out', 'a'),
        edge('need', 'out', 'out', 'b'),
      ],
    };
    const { workflow, skipped } = applyNodeModes(wf, (type) => specs[type]);
    expect(skipped).toEqual(
      new Map([
        ['src', 'mute'],
        ['need', 'starved'],
      ]),
    );
    expect(ids(workflow)).toEqual(['may', 'out']);
    expect(wires(workflow)).toEqual(['may.out>out.a']); // may runs without its text; out without b
  });
});

describe('validation with node modes', () => {
  it('accepts a bypassed upsampler and keeps the mode in the workflow it returns', () => {
    const { workflow, issues } = validateWorkflow(withModes({ up: 'bypass' }), env);
    expect(issues).toEqual([]);
    expect(workflow!.nodes.find((n) => n.id === 'up')!.mode).toBe('bypass');
  });

  it('does not check nodes that will not run (a muted node may lack its inputs)', () => {
    const wf = withModes({ up: 'mute' }, (w) => {
      w.edges = w.edges.filter((e) => e.to.node !== 'up');
      w.nodes.push({ id: 'preview', type: 'image.preview', params: {} });
      w.edges.push(edge('decode', 'image', 'preview', 'image'));
    });
    expect(validateWorkflow(wf, env).issues).toEqual([]);
  });

  it('explains when nothing is left to run because the outputs are muted or bypassed', () => {
    const { issues } = validateWorkflow(withModes({ save: 'mute' }), env);
    expect(issues.map((i) => i.message)).toEqual([
      'nothing to run: every output node is muted or bypassed, or needs a muted node',
    ]);
  });

  it('refuses an unknown mode with the node named', () => {
    const wf = withModes({}, (w) => {
      (w.nodes[0] as { mode?: string }).mode = 'skip';
    });
    const { issues } = validateWorkflow(wf, env);
    expect(issues[0]).toMatchObject({ node: 'load', path: 'nodes.0.mode' });
  });
});
