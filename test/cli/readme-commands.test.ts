/** The README's headless commands work as written (run through the installed bin, from the repo root). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { REPO, spawnCli } from './harness.ts';

function readmeCliCommands(): string[][] {
  const readme = readFileSync(join(REPO, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Run workflows headless'));
  const block = section.slice(
    section.indexOf('```sh') + 5,
    section.indexOf('```', section.indexOf('```sh') + 5),
  );
  return block
    .split('\n')
    .map((line) => line.replace(/#.*$/, '').trim())
    .filter((line) => line.startsWith('npx unclip-studio '))
    .map((line) => line.split(/\s+/).slice(2));
}

test('the README lists the CLI commands', () => {
  const commands = readmeCliCommands().map((argv) => argv[0]);
  expect(commands).toEqual(expect.arrayContaining(['run', 'validate', 'nodes', 'models']));
});

test.each(readmeCliCommands().map((argv) => [argv.join(' '), argv]))(
  'README: unclip-studio %s',
  async (_line, argv) => {
    const { code, stdout, stderr } = await spawnCli(argv as string[]);
    expect(code, stderr).toBe(0);
    expect(stdout.length).toBeGreaterThan(0);
    if (argv[0] === 'run' && argv.includes('--json'))
      expect(stdout.trim().split('\n').at(-1)).toMatch(/"run\.done"/);
  },
  120_000,
);
