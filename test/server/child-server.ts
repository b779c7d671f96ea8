/** The server as its own process (the installed command), so a test can read the server's RSS alone. */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { REPO } from '../cli/harness.ts';

export interface ChildServer {
  url: string;
  host: string;
  /** Resident set size of the server process, in bytes (from /proc). */
  rss(): number;
  close(): Promise<void>;
}

export async function startChildServer(dataDir: string): Promise<ChildServer> {
  const child: ChildProcess = spawn(
    process.execPath,
    ['bin/unclip-studio.mjs', 'serve', '--port', '0', '--data', dataDir],
    { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk;
      const m = /listening on (http:\/\/\S+)/.exec(output);
      if (m) resolve(m[1]!);
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (chunk: Buffer) => {
      output += chunk;
    });
    child.once('exit', (code) => reject(new Error(`server exited (${code}): ${output}`)));
  });
  // A server that dies during a test says why.
  let closing = false;
  child.once('exit', (code, signal) => {
    if (!closing) console.error(`the server process exited (${code ?? signal}):\n${output.slice(-4000)}`);
  });
  return {
    url,
    host: new URL(url).host,
    rss: () => {
      const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
      return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) * 1024;
    },
    close: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        closing = true;
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
