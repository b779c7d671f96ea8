/** Issue 11's CLI rows: --out /proc/x, a zTXt bomb, deep JSON, too many batch rows, --set prior.__proto__=1, the bound address. */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../server/cli/main.ts';
import { tempFolders } from '../engine/temp.ts';
import { deepArrayJson } from '../helpers/big-graphs.ts';
import { textBombPng } from '../helpers/image-bombs.ts';
import { cli, REPO } from './harness.ts';

const tempFolder = tempFolders('cli-hardening');
const EXAMPLE = 'examples/text-to-image.json';

describe('CLI hardening', () => {
  it('run --out /proc/x: a clear error that the folder cannot be created, before anything runs', async () => {
    const out = await cli(['run', EXAMPLE, '--out', '/proc/x', '--json']);
    expect(out.code).toBe(1);
    expect(out.stderr).toContain('cannot create the folder /proc/x');
    expect(out.stdout).not.toContain('node.start');
  });

  it('validate on a small PNG whose zTXt inflates to 64 MB stops at the size limit', async () => {
    const file = path.join(await tempFolder(), 'bomb.png');
    await writeFile(file, textBombPng(64 * 1024 * 1024));
    const out = await cli(['validate', file]);
    expect(out).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('inflates to more than 2097152 bytes'),
    });
  });

  it('validate refuses a 100,000-deep array naming where, instead of calling the file valid', async () => {
    const file = path.join(await tempFolder(), 'deep.json');
    await writeFile(
      file,
      `{"format":"unclip-studio/workflow","version":1,"nodes":[{"ui":{"a":${deepArrayJson(100_000)}}}]}`,
    );
    const out = await cli(['validate', file]);
    expect(out.code).toBe(1);
    expect(out.stderr).toMatch(/nodes\.0\.ui\.a\.0\.0.*JSON nested deeper than 64 levels/);
  });

  it('validate refuses 65 prompt lines and --set prior.__proto__=1 like any other problem', async () => {
    const lines = Array.from({ length: 65 }, (_, i) => String(i % 10)).join('\n');
    const many = await cli(['validate', EXAMPLE, '--set', `prompt.prompt=${lines}`]);
    expect(many.code).toBe(1);
    const proto = await cli(['validate', EXAMPLE, '--set', 'prior.__proto__=1']);
    expect(proto.code).toBe(1);
    expect(proto.stdout + proto.stderr).toContain('unknown param "__proto__" for prior.sample');
  });

  it('serve on 0.0.0.0 prints the address it is bound to', async () => {
    const data = await tempFolder();
    const abort = new AbortController();
    let printed = '';
    let announce: () => void = () => undefined;
    const listening = new Promise<void>((resolve) => {
      announce = resolve;
    });
    const exit = main(['serve', '--host', '0.0.0.0', '--port', '0', '--data', data], {
      out: (t) => {
        printed += t;
        if (printed.includes('listening')) announce();
      },
      err: () => undefined,
      tty: false,
      cwd: REPO,
      env: { UNCLIP_TOKEN: 'a-long-enough-test-token' },
      signal: abort.signal,
    });
    await listening;
    expect(printed).toMatch(
      /^unclip-studio listening on http:\/\/0\.0\.0\.0:(\d+) \(open http:\/\/127\.0\.0\.1:\1\)\n$/,
    );
    abort.abort();
    expect(await exit).toBe(0);
  });
});
