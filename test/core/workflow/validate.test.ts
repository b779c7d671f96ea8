import { describe, expect, it } from 'vitest';
import { parseWorkflow, validateWorkflow } from '../../../core/workflow/validate.ts';
import { edge, env, textToImage } from './sample-workflow.ts';

type Doc = ReturnType<typeof textToImage>;
function issuesOf(edit: (wf: Doc) => void) {
  const wf = textToImage();
  edit(wf);
  const result = validateWorkflow(wf, env);
  expect(result.workflow).toBeUndefined();
  return result.issues;
}

describe('validateWorkflow', () => {
  it('accepts a valid workflow and fills in every param default', () => {
    const { workflow, issues } = validateWorkflow(textToImage(), env);
    expect(issues).toEqual([]);
    const decode = workflow!.nodes.find((n) => n.id === 'decode')!;
    expect(decode.params).toEqual({
      steps: 25,
      guidance: 3,
      seed: 0,
      sampler: 'ddpm',
      eta: 0,
      condition: 'image+text',
      noise_mode: 'per_item',
    });
    expect(workflow!.nodes.find((n) => n.id === 'save')!.ui).toEqual({ position: { x: 10, y: 20 } });
  });

  it('reports malformed documents: not an object, wrong format, newer version, schema errors with path', () => {
    expect(validateWorkflow([], env).issues[0]!.message).toMatch(/JSON object/);
    expect(validateWorkflow({ ...textToImage(), format: 'comfy' }, env).issues).toEqual([
      { path: 'format', message: 'not a workflow: "format" must be "unclip-studio/workflow"' },
    ]);
    expect(validateWorkflow({ ...textToImage(), version: 9 }, env).issues[0]!.message).toMatch(
      /version 9 is newer/,
    );
    const bad = textToImage() as unknown as { nodes: Record<string, unknown>[] };
    bad.nodes[2]!.params = 'fast';
    const [issue] = validateWorkflow(bad, env).issues;
    expect(issue).toMatchObject({ node: 'prior', path: 'nodes.2.params' });
  });

  it('reports duplicate node ids', () => {
    const issues = issuesOf((wf) => wf.nodes.push({ id: 'up', type: 'image.preview', params: {} }));
    expect(issues).toContainEqual({ node: 'up', message: 'duplicate node id "up"' });
  });

  it('reports unknown node types once', () => {
    const issues = issuesOf((wf) => {
      wf.nodes[4]!.type = 'upsampler.magic';
    });
    expect(issues).toEqual([{ node: 'up', message: 'unknown node type "upsampler.magic"' }]);
  });

  it('reports unknown ports at either end of an edge, naming edge, node and port', () => {
    const issues = issuesOf((wf) => {
      wf.edges[2] = edge('text', 'txt', 'prior', 'text');
      wf.edges[8] = edge('up', 'image', 'save', 'picture');
    });
    expect(issues).toContainEqual({
      edge: 2,
      node: 'text',
      port: 'txt',
      message: 'text.encode has no output "txt"; its outputs are text',
    });
    expect(issues).toContainEqual({
      edge: 8,
      node: 'save',
      port: 'picture',
      message: 'image.save has no input "picture"; its inputs are image',
    });
  });

  it('reports edges between incompatible kinds, naming both kinds', () => {
    const issues = issuesOf((wf) => {
      wf.edges[4] = edge('decode', 'image', 'up', 'image');
      wf.edges[7] = edge('text', 'text', 'decode', 'embedding');
    });
    expect(issues).toContainEqual({
      edge: 7,
      node: 'decode',
      port: 'embedding',
      message: 'text cannot connect to embedding',
    });
  });

  it('reports more than one edge into an input', () => {
    const issues = issuesOf((wf) => wf.edges.push(edge('decode', 'image', 'save', 'image')));
    expect(issues).toEqual([
      { edge: 9, node: 'save', port: 'image', message: 'more than one edge into input "image" of "save"' },
    ]);
  });

  it('reports required inputs left unconnected (optional ones may be)', () => {
    const issues = issuesOf((wf) => {
      wf.edges.splice(4, 2); // prior -> decode.embedding and text -> decode.text (optional)
    });
    expect(issues).toEqual([
      {
        node: 'decode',
        port: 'embedding',
        message: 'required input "embedding" is not connected (needed while condition is "image+text")',
      },
    ]);
  });

  it('asks for the inputs a param makes necessary (the decoder decoding from the caption alone needs text)', () => {
    const issues = issuesOf((wf) => {
      (wf.nodes.find((n) => n.id === 'decode')!.params as Record<string, unknown>).condition = 'text';
      wf.edges.splice(4, 2); // prior -> decode.embedding (not needed now) and text -> decode.text
    });
    expect(issues).toEqual([
      {
        node: 'decode',
        port: 'text',
        message: 'required input "text" is not connected (needed while condition is "text")',
      },
    ]);
  });

  it('warns, without making the workflow invalid, when two chained upsamplers both run stage 1', () => {
    const wf = textToImage();
    wf.nodes.push({ id: 'up2', type: 'upsampler.sample', params: { stage: 1 } });
    wf.edges.splice(8, 1, edge('up', 'image', 'up2', 'image'), edge('up2', 'image', 'save', 'image'));
    wf.edges.push(edge('load', 'model', 'up2', 'model'));
    const twice = validateWorkflow(wf, env);
    expect(twice.issues).toEqual([]);
    expect(twice.workflow).toBeDefined();
    expect(twice.warnings).toEqual([
      {
        severity: 'warning',
        node: 'up2',
        param: 'stage',
        message: 'runs stage 1 again after "up" (also stage 1); the pass after it is usually stage 2',
      },
    ]);
    wf.nodes.at(-1)!.params.stage = 2;
    expect(validateWorkflow(wf, env).warnings).toEqual([]);
  });

  it('reports cycles, naming the nodes on the cycle', () => {
    const issues = issuesOf((wf) => {
      wf.nodes.push(
        { id: 'mixA', type: 'embedding.interpolate', params: {} },
        { id: 'mixB', type: 'embedding.interpolate', params: {} },
      );
      wf.edges.push(
        edge('prior', 'embedding', 'mixA', 'a'),
        edge('mixA', 'embedding', 'mixB', 'a'),
        edge('prior', 'embedding', 'mixB', 'b'),
        edge('mixB', 'embedding', 'mixA', 'b'),
      );
    });
    expect(issues).toEqual([
      { edge: 12, node: 'mixA', port: 'b', message: 'edges form a cycle: mixB -> mixA -> mixB' },
    ]);
  });

  it('reports params of the wrong type or out of range, naming node and param', () => {
    const issues = issuesOf((wf) => {
      wf.nodes[2]!.params = { steps: 0, seed: 'lucky' } as never;
    });
    expect(issues).toEqual([
      { node: 'prior', param: 'steps', message: 'param "steps" must be between 1 and 500, got 0' },
      {
        node: 'prior',
        param: 'seed',
        message: 'param "seed" must be a whole number from 0 to 4294967295, got "lucky"',
      },
    ]);
  });

  it('reports bundles and input files that do not exist, or were never chosen', () => {
    const issues = issuesOf((wf) => {
      wf.nodes[0]!.params = { bundle: 'giant' } as never;
      wf.nodes.push(
        { id: 'photo', type: 'image.load', params: { file: 'dog.png' } } as never,
        { id: 'blank', type: 'image.load', params: {} },
        { id: 'show', type: 'image.preview', params: {} },
      );
      wf.edges.push(edge('photo', 'image', 'show', 'image'));
    });
    expect(issues).toEqual([
      { node: 'load', param: 'bundle', message: 'model bundle "giant" is not installed' },
      { node: 'photo', param: 'file', message: 'input file "dog.png" does not exist' },
      { node: 'blank', param: 'file', message: 'no input file chosen' },
    ]);
  });

  it('reports a workflow without output nodes: nothing to run', () => {
    const issues = issuesOf((wf) => {
      wf.nodes.pop();
      wf.edges.pop();
    });
    expect(issues).toEqual([{ message: expect.stringMatching(/^nothing to run/) }]);
  });
});

describe('parseWorkflow', () => {
  it('parses strictly: unknown top-level keys are issues with their path', () => {
    const { workflow, issues } = parseWorkflow({ ...textToImage(), links: [] });
    expect(workflow).toBeUndefined();
    expect(issues[0]!.message).toMatch(/links/);
  });

  it('applies schema defaults (name, params)', () => {
    const { workflow } = parseWorkflow({
      format: 'unclip-studio/workflow',
      version: 1,
      nodes: [{ id: 'a', type: 'image.preview' }],
      edges: [],
    });
    expect(workflow).toMatchObject({ name: 'untitled', nodes: [{ id: 'a', params: {} }] });
  });
});
