/** Runs the CLI in-process (main with argv) or as the installed command (bin/unclip-studio.mjs). */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { main } from '../../server/cli/main.ts';

export const REPO = fileURLToPath(new URL('../..', import.meta.url));

export async function cli(argv: string[], env: Record<string, string> = {}, signal?: AbortSignal) {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, {
    out: (t) => {
      stdout += t;
    },
    err: (t) => {
      stderr += t;
    },
    tty: false,
    cwd: REPO,
    env,
    ...(signal ? { signal } : {}),
  });
  return { code, stdout, stderr };
}

export function spawnCli(argv: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['bin/unclip-studio.mjs', ...argv], { cwd: REPO });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** The JSON lines of a --json run. */
export function jsonLines(stdout: string): Record<string, unknown>[] {
  return stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}
