/** --threads and UNCLIP_THREADS: parsed once (server/cli/options.ts), refused clearly, passed to the sessions. */
import { availableParallelism } from 'node:os';
import { describe, expect, it } from 'vitest';
import type { CliIO } from '../../server/cli/io.ts';
import { registryOf, threadsOf } from '../../server/cli/options.ts';
import { cli, REPO } from './harness.ts';

const io = (env: Record<string, string> = {}): CliIO => ({
  out: () => {},
  err: () => {},
  tty: false,
  cwd: REPO,
  env,
});

describe('threads option', () => {
  it('defaults to the cores available to the process', () => {
    expect(threadsOf(io(), undefined)).toBe(availableParallelism());
    expect(threadsOf(io({ UNCLIP_THREADS: '' }), undefined)).toBe(availableParallelism());
  });

  it('takes --threads before UNCLIP_THREADS', () => {
    expect(threadsOf(io({ UNCLIP_THREADS: '3' }), undefined)).toBe(3);
    expect(threadsOf(io({ UNCLIP_THREADS: '3' }), '5')).toBe(5);
    expect(threadsOf(io(), ' 12 ')).toBe(12);
  });

  it('refuses what is not a whole number from 1 to 256, naming where it came from', () => {
    for (const bad of ['0', '-1', '2.5', 'two', '257', '1e2', '0x4'])
      expect(() => threadsOf(io(), bad)).toThrow(
        `--threads must be a whole number from 1 to 256, got "${bad}"`,
      );
    expect(() => threadsOf(io(), '')).toThrow('--threads needs a number');
    expect(() => threadsOf(io({ UNCLIP_THREADS: 'many' }), undefined)).toThrow(
      'UNCLIP_THREADS must be a whole number from 1 to 256, got "many"',
    );
  });

  it('reaches the registry every session is created from', () => {
    expect(registryOf(io(), { threads: '3' }).tuning.threads).toBe(3);
    expect(registryOf(io({ UNCLIP_THREADS: '4' }), {}).tuning.threads).toBe(4);
  });

  it('run and serve accept it and exit 1 with the message on a bad value', async () => {
    for (const command of ['run', 'serve']) {
      const help = await cli([command, '--help']);
      expect(help.stdout).toContain('--threads N');
    }
    const bad = await cli(['run', 'examples/text-to-image.json', '--threads', '0']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('--threads must be a whole number from 1 to 256, got "0"');
    const badEnv = await cli(['serve', '--port', '0'], { UNCLIP_THREADS: 'x' });
    expect(badEnv.code).toBe(1);
    expect(badEnv.stderr).toContain('UNCLIP_THREADS must be a whole number');
  });
});
