import { describe, expect, it } from 'vitest';
import { main } from '../../server/cli/main.ts';
import { tempFolders } from '../engine/temp.ts';
import { cli, REPO } from './harness.ts';

const tempFolder = tempFolders('serve');

describe('serve', () => {
  it('starts the server on the given port, prints its URL, answers, and stops on the signal', async () => {
    const data = await tempFolder();
    const abort = new AbortController();
    let printed = '';
    let announce: (url: string) => void = () => undefined;
    const url = new Promise<string>((resolve) => {
      announce = resolve;
    });
    const exit = main(['serve', '--port', '0', '--data', data], {
      out: (t) => {
        printed += t;
        const m = /listening on (\S+)/.exec(printed);
        if (m) announce(m[1]!);
      },
      err: () => undefined,
      tty: false,
      cwd: REPO,
      env: {},
      signal: abort.signal,
    });
    const base = await url;
    expect(base).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const response = await fetch(`${base}/api/models`);
    expect(response.status).toBe(200);
    expect(JSON.stringify(await response.json())).toContain('shapes-tiny');
    abort.abort();
    expect(await exit).toBe(0);
  });

  it('refuses a bad port and a non-loopback host without a token', async () => {
    const bad = await cli(['serve', '--port', 'http']);
    expect([bad.code, bad.stderr]).toEqual([1, expect.stringContaining('the port must be a whole number')]);
    const open = await cli(['serve', '--host', '0.0.0.0', '--port', '0']);
    expect(open.code).toBe(2);
    expect(open.stderr).toContain('without a token');
  });
});
