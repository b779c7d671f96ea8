import { readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { NODE_TYPES } from '../../nodes/catalog.ts';
import { decodePng, readPngWorkflow } from '../../server/images/index.ts';
import { tempFolders } from '../engine/temp.ts';
import { cli, jsonLines, REPO, spawnCli } from './harness.ts';

const FEW_STEPS = ['prior', 'decoder', 'upsample1', 'upsample2'].flatMap((id) => ['--set', `${id}.steps=2`]);
const example = (name: string) => join(REPO, 'examples', `${name}.json`);
const tempDir = tempFolders('cli');

describe('help, nodes, models', () => {
  it('prints help and exits 0; an unknown command exits 1', async () => {
    const help = await cli(['--help']);
    expect(help.code).toBe(0);
    for (const command of ['run', 'validate', 'nodes', 'models', 'serve'])
      expect(help.stdout).toContain(command);
    expect((await cli(['run', '--help'])).stdout).toContain('--set id.param=value');
    const bad = await cli(['frobnicate']);
    expect([bad.code, bad.stderr]).toEqual([1, expect.stringContaining('unknown command "frobnicate"')]);
  });

  it('lists the whole catalogue as JSON and describes one type', async () => {
    const { code, stdout } = await cli(['nodes', '--json']);
    expect(code).toBe(0);
    const types = (JSON.parse(stdout) as { nodes: { type: string }[] }).nodes.map((n) => n.type);
    expect(types).toEqual([...NODE_TYPES.keys()]);
    expect((await cli(['nodes', 'decoder.sample'])).stdout).toMatch(/steps \(integer 1\.\.\d+, default 25\)/);
    expect((await cli(['nodes', 'no.such'])).code).toBe(1);
  });

  it('lists the installed bundles', async () => {
    const { code, stdout } = await cli(['models', '--json']);
    expect(code).toBe(0);
    expect((JSON.parse(stdout) as { models: { name: string }[] }).models.map((m) => m.name)).toContain(
      'shapes-tiny',
    );
  });
});

describe('validate', () => {
  it('accepts an example and rejects a bad --set naming node and param (exit 1)', async () => {
    expect((await cli(['validate', example('text-to-image')])).code).toBe(0);
    const bad = await cli(['validate', example('text-to-image'), '--set', 'decoder.steps=100000']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/node "decoder" param "steps": .*between 1 and \d+, got 100000/);
    const unknownNode = await cli(['validate', example('text-to-image'), '--set', 'nope.steps=3']);
    expect([unknownNode.code, unknownNode.stderr]).toEqual([1, expect.stringContaining('no node "nope"')]);
  });

  it('accepts two stage-1 upsamplers in a chain (exit 0) and prints a warning naming the node', async () => {
    const result = await cli(['validate', example('text-to-image'), '--set', 'upsample2.stage=1']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('valid');
    expect(result.stderr).toContain(
      'warning: node "upsample2" param "stage": runs stage 1 again after "upsample1"',
    );
  });

  it('reports missing input files and bundles', async () => {
    const dir = await tempDir();
    const { code, stderr } = await cli([
      'validate',
      example('pca'),
      '--inputs',
      dir,
      '--set',
      'model.bundle=absent',
    ]);
    expect(code).toBe(1);
    expect(stderr).toContain('node "image" param "file": input file "blue-circle.png" does not exist');
    expect(stderr).toContain('node "model" param "bundle": model bundle "absent" is not installed');
  });
});

describe('run', () => {
  it('runs text-to-image with --json: one event per line, run.done last, PNGs with the workflow embedded', async () => {
    const out = await tempDir();
    const { code, stdout } = await cli([
      'run',
      example('text-to-image'),
      '--json',
      '--out',
      out,
      '--set',
      'decoder.steps=3',
      '--set',
      'prior.steps=3',
      '--set',
      'upsample1.steps=2',
      '--set',
      'upsample2.steps=2',
    ]);
    expect(code).toBe(0);
    const events = jsonLines(stdout);
    expect(events[0]!.type).toBe('run.start');
    const done = events.at(-1)!;
    expect(done).toMatchObject({ type: 'run.done', outputsDir: out });
    expect(
      events
        .filter((e) => e.type === 'node.preview')
        .every((e) => !('image' in e) && typeof e.width === 'number'),
    ).toBe(true);
    const files = done.files as string[];
    expect(files).toHaveLength(2);
    const embedded = readPngWorkflow(await readFile(join(out, files[0]!))) as {
      nodes: { id: string; params: Record<string, unknown> }[];
    };
    expect(embedded.nodes.find((n) => n.id === 'decoder')!.params).toMatchObject({
      steps: 3,
      seed: 1,
      guidance: 3,
    });
  });

  it('exits 2 with the failing node named when a node fails', async () => {
    const dir = await tempDir();
    const workflow = JSON.parse(await readFile(example('text-to-image'), 'utf8'));
    // Three prompts for the prior, two for the decoder's text: the decoder cannot match the batches.
    workflow.nodes.push({ id: 'other_text', type: 'text.encode', params: { prompt: 'one\ntwo' } });
    workflow.nodes.find((n: { id: string }) => n.id === 'prompt').params.prompt = 'a\nb\nc';
    workflow.edges = workflow.edges.filter(
      (e: { to: { node: string; port: string } }) => !(e.to.node === 'decoder' && e.to.port === 'text'),
    );
    workflow.edges.push(
      { from: { node: 'model', port: 'model' }, to: { node: 'other_text', port: 'model' } },
      { from: { node: 'other_text', port: 'text' }, to: { node: 'decoder', port: 'text' } },
    );
    await writeFile(join(dir, 'broken.json'), JSON.stringify(workflow));
    const { code, stderr } = await cli([
      'run',
      join(dir, 'broken.json'),
      '--out',
      dir,
      '--set',
      'prior.steps=2',
    ]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/error in node "decoder": batch sizes do not fit/);
  });

  it('re-runs a workflow read back from one of its output PNGs', async () => {
    const out = await tempDir();
    const first = await cli(['run', example('text-to-image'), '--out', out, ...FEW_STEPS]);
    const png = first.stdout.trim().split('\n')[0]!;
    const second = await cli(['run', resolve(REPO, png), '--out', out]);
    expect(second.code).toBe(0);
    const again = second.stdout.trim().split('\n');
    // Same workflow (steps included, as embedded), same seeds: the same pixels under new names.
    expect(again).toHaveLength(2);
    expect(decodePng(await readFile(resolve(REPO, again[0]!)))).toEqual(
      decodePng(await readFile(resolve(REPO, png))),
    );
  });
});

describe('the installed command (bin/unclip-studio.mjs)', () => {
  it('runs an example end to end and reports an invalid workflow with exit 1', async () => {
    const out = await tempDir();
    const ok = await spawnCli(['run', 'examples/text-to-image.json', '--json', '--out', out, ...FEW_STEPS]);
    expect(ok.code).toBe(0);
    expect(jsonLines(ok.stdout).at(-1)).toMatchObject({
      type: 'run.done',
      files: [expect.any(String), expect.any(String)],
    });
    const invalid = await spawnCli(['run', 'examples/text-to-image.json', '--set', 'prior.guidance=-1']);
    expect(invalid.code).toBe(1);
    expect(invalid.stderr).toMatch(/node "prior" param "guidance"/);
  });
});
