/**
 * kill -9 in the middle of a run: after a restart on the same data folder the history and its files are
 * intact, the killed run is 'interrupted', the run queued behind it still runs, and no partial file is served.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { RunDetail } from '../../core/protocol.ts';
import { getJson, postJson, startTestServer, TestSocket, tempDir } from './harness.ts';
import { FAST_STEPS, textToImage } from './workflows.ts';

const REPO = path.resolve(import.meta.dirname, '../..');

/** `unclip-studio serve` as a child process; resolves with its URL once it listens. */
function serve(dataDir: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'server/cli/main.ts', 'serve', '--port', '0', '--data', dataDir],
    { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  return new Promise((resolve, reject) => {
    let output = '';
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const url = /listening on (http:\/\/\S+)/.exec(output)?.[1];
      if (url) resolve({ child, url });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`server exited (${code}) before listening:\n${output}`)));
  });
}

function killed(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

describe('restart after kill -9', () => {
  const dataDir = tempDir('restart');
  const children: ChildProcess[] = [];
  afterAll(() => {
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('keeps history and files, marks the killed run interrupted and resumes the queue', async () => {
    const first = await serve(dataDir);
    children.push(first.child);
    const ws = await TestSocket.open(first.url);
    ws.send({ type: 'subscribe', runId: '*' });
    const post = async (seed: number, decoder: number) => {
      const workflow = textToImage({ seed, steps: { ...FAST_STEPS, decoder } });
      const res = await postJson(`${first.url}/api/runs`, { workflow });
      expect(res.status, JSON.stringify(res.body)).toBe(202);
      return (res.body as { id: string }).id;
    };

    const finished = await post(1, FAST_STEPS.decoder);
    await ws.waitFor((m) => m.type === 'run.done' && m.runId === finished);
    const killedRun = await post(2, 500);
    const queuedBehind = await post(3, FAST_STEPS.decoder);
    await ws.waitFor((m) => m.type === 'node.progress' && m.runId === killedRun && m.node === 'decoder');
    ws.close();
    await killed(first.child);

    const second = await serve(dataDir);
    children.push(second.child);
    const ws2 = await TestSocket.open(second.url);
    ws2.send({ type: 'subscribe', runId: queuedBehind });
    const run = async (id: string) => (await getJson<RunDetail>(`${second.url}/api/runs/${id}`)).body;

    const done = await run(finished);
    expect(done.status).toBe('done');
    for (const file of done.files ?? []) {
      const res = await fetch(`${second.url}/api/outputs/${file}`);
      expect(res.status).toBe(200);
      expect((await res.arrayBuffer()).byteLength).toBeGreaterThan(100);
    }
    expect(await run(killedRun)).toMatchObject({
      status: 'interrupted',
      error: { message: expect.any(String) },
    });

    const behind = await run(queuedBehind);
    if (behind.status !== 'done')
      await ws2.waitFor((m) => m.type === 'run.done' && m.runId === queuedBehind, 60_000);
    expect((await run(queuedBehind)).status).toBe('done');

    const outputs = path.join(dataDir, 'outputs');
    for (const name of readdirSync(outputs).filter((n) => n.startsWith('.') && n !== '.temp'))
      expect((await fetch(`${second.url}/api/outputs/${encodeURIComponent(name)}`)).status).toBe(404);
    ws2.close();
    await killed(second.child);
  });
});

describe('graceful shutdown', () => {
  it('marks the running run interrupted, requeues nothing, and keeps the queue for the next start', async () => {
    const dataDir = tempDir('shutdown');
    const first = await startTestServer({ dataDir });
    const ws = await TestSocket.open(first.url);
    ws.send({ type: 'subscribe', runId: '*' });
    const post = async (seed: number, decoder: number) =>
      (
        (
          await postJson(`${first.url}/api/runs`, {
            workflow: textToImage({ seed, steps: { ...FAST_STEPS, decoder } }),
          })
        ).body as { id: string }
      ).id;
    const running = await post(11, 500);
    await ws.waitFor((m) => m.type === 'node.progress' && m.runId === running && m.node === 'decoder');
    await postJson(`${first.url}/api/queue/pause`, {});
    const waiting = await post(12, FAST_STEPS.decoder);
    await first.close();

    const second = await startTestServer({ dataDir });
    const run = async (id: string) => (await getJson<RunDetail>(`${second.url}/api/runs/${id}`)).body;
    expect(await run(running)).toMatchObject({
      status: 'interrupted',
      error: { message: expect.stringMatching(/shut down/) },
    });
    expect(await run(waiting)).toMatchObject({ status: 'queued', position: 0 });
    expect((await getJson<{ paused: boolean }>(`${second.url}/api/queue`)).body.paused).toBe(true);
    await second.close();
    rmSync(dataDir, { recursive: true, force: true });
  });
});
