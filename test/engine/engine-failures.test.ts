import { describe, expect, it } from 'vitest';
import type { EngineEvent } from '../../core/events.ts';
import type { ValidatedWorkflow } from '../../core/workflow/validate.ts';
import { run, setUpEngines, valid } from './harness.ts';
import { link, node, textToImage } from './workflows.ts';

const { newEngine } = setUpEngines();

describe('cancellation and errors', () => {
  it('stops mid-decoder within one model call and names the node', async () => {
    const { engine } = await newEngine();
    const workflow = await valid(engine, textToImage({ decoderSteps: 50 }));
    const abort = new AbortController();
    const events: EngineEvent[] = [];
    let abortedAt = 0;
    const result = await engine.run('c', workflow, {
      signal: abort.signal,
      onEvent: (e) => {
        events.push(e);
        if (e.type === 'node.progress' && e.node === 'decoder' && e.step === 2) {
          abortedAt = performance.now();
          abort.abort();
        }
      },
    });
    const stoppedAfter = performance.now() - abortedAt;
    expect(result.status).toBe('cancelled');
    expect(events.at(-1)).toEqual({ type: 'run.cancelled', runId: 'c', node: 'decoder' });
    expect(events.filter((e) => e.type === 'node.progress' && e.node === 'decoder').length).toBe(2);
    expect(events.some((e) => e.type === 'node.done' && e.node === 'decoder')).toBe(false);
    expect(result.files).toEqual([]);
    expect(stoppedAfter).toBeLessThan(500);
  });

  it('turns a node failure into run.error naming the node and its type', async () => {
    const { engine } = await newEngine();
    const workflow = await valid(engine, textToImage());
    // As if the bundle had been removed between validation and execution.
    const broken = {
      ...workflow,
      nodes: workflow.nodes.map((n) => (n.id === 'model' ? { ...n, params: { bundle: 'uninstalled' } } : n)),
    } as ValidatedWorkflow;
    const { result, events } = await run(engine, broken);
    expect(result.status).toBe('error');
    expect(result.error).toMatchObject({ node: 'model', nodeType: 'model.load' });
    expect(result.error!.message).toMatch(/"uninstalled" is not installed/);
    expect(events.at(-1)).toMatchObject({ type: 'run.error', node: 'model', nodeType: 'model.load' });
  });

  it('reports a batch mismatch inside a sampler as an error of that node', async () => {
    const { engine } = await newEngine();
    const base = textToImage();
    const raw = {
      ...base,
      nodes: base.nodes
        .map((n) =>
          n.id === 'text' ? { ...n, params: { prompt: 'a red circle\na blue square\na cross' } } : n,
        )
        .concat([node('text2', 'text.encode', { prompt: 'one\ntwo' })]),
      edges: base.edges
        .filter((e) => !(e.to.node === 'decoder' && e.to.port === 'text'))
        .concat([link('model', 'text2', 'model'), link('text2', 'decoder', 'text')]),
    };
    const { result } = await run(engine, await valid(engine, raw));
    expect(result.error).toMatchObject({ node: 'decoder', nodeType: 'decoder.sample' });
    expect(result.error!.message).toMatch(/batch sizes do not fit/);
  });

  it('reports a workflow it cannot plan (not validated) as run.error after run.start', async () => {
    const { engine } = await newEngine();
    // Only validateWorkflow makes a ValidatedWorkflow: the cast is this test breaking that contract on purpose.
    const unvalidated = {
      format: 'unclip-studio/workflow',
      version: 1,
      name: 'bad',
      nodes: [node('x', 'no.such.type')],
      edges: [],
    } as unknown as ValidatedWorkflow;
    const { result, events } = await run(engine, unvalidated);
    expect(events.map((e) => e.type)).toEqual(['run.start', 'run.error']);
    expect(result.error!.message).toMatch(/"x" has an unknown type "no.such.type"/);
  });
});
