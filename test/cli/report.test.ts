import { describe, expect, it } from 'vitest';
import type { EngineEvent } from '../../core/events.ts';
import type { CliIO } from '../../server/cli/io.ts';
import { createReporter } from '../../server/cli/report.ts';

const EVENTS: EngineEvent[] = [
  { type: 'run.start', runId: 'r', nodes: ['model', 'decoder'] },
  { type: 'node.cached', runId: 'r', node: 'model' },
  { type: 'node.start', runId: 'r', node: 'decoder', nodeType: 'decoder.sample' },
  { type: 'node.progress', runId: 'r', node: 'decoder', step: 1, steps: 2 },
  {
    type: 'node.preview',
    runId: 'r',
    node: 'decoder',
    step: 1,
    steps: 2,
    image: { width: 2, height: 1, rgba: new Uint8Array(8) },
  },
  { type: 'node.done', runId: 'r', node: 'decoder', ms: 1500 },
  { type: 'run.done', runId: 'r', outputs: {}, files: ['a.png'], ms: 1600 },
];

function capture(mode: 'json' | 'tty' | 'plain') {
  const io = { out: '', err: '' };
  const cli: CliIO = {
    out: (t) => {
      io.out += t;
    },
    err: (t) => {
      io.err += t;
    },
    tty: mode === 'tty',
    cwd: '/work',
    env: {},
  };
  const report = createReporter(cli, mode, '/work/data/outputs');
  for (const e of EVENTS) report(e);
  return io;
}

describe('run reporter', () => {
  it('json: one event per line, previews without pixels, run.done with the outputs folder', () => {
    const lines = capture('json')
      .out.trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => l.type)).toEqual(EVENTS.map((e) => e.type));
    expect(lines[4]).toEqual({
      type: 'node.preview',
      runId: 'r',
      node: 'decoder',
      step: 1,
      steps: 2,
      width: 2,
      height: 1,
    });
    expect(lines.at(-1)).toMatchObject({ files: ['a.png'], outputsDir: '/work/data/outputs' });
  });

  it('plain: a line per node, files relative to the working directory on stdout', () => {
    const { out, err } = capture('plain');
    expect(out).toBe('data/outputs/a.png\n');
    expect(err).toBe(
      '[1/2] model: cached\n[2/2] decoder (decoder.sample): 1.50 s\ndone in 1.60 s, 1 file(s) written\n',
    );
  });

  it('tty: redraws a progress bar in place', () => {
    const { err } = capture('tty');
    expect(err).toContain('\r\x1b[2K[2/2] decoder [############------------] 1/2');
  });
});
