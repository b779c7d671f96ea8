/** Issue 11's rows against a real server: each used to freeze, leak or 500; now a quick 4xx (or a clear run error). */
import { mkdirSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiError, RunDetail } from '../../core/protocol.ts';
import { edge } from '../core/workflow/sample-workflow.ts';
import { deepArrayJson, upsamplerChain } from '../helpers/big-graphs.ts';
import { fakeSofJpeg, solidPng } from '../helpers/image-bombs.ts';
import { getJson, postJson, rawRequest, startTestServer, type TestServer, until } from './harness.ts';
import { textToImage } from './workflows.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

const upload = (bytes: Uint8Array) =>
  getJson<ApiError & { width?: number }>(`${server.url}/api/inputs`, {
    method: 'POST',
    body: Buffer.from(bytes),
  });

function runUntilFinished(id: string): Promise<RunDetail> {
  return until(
    async () => (await getJson<RunDetail>(`${server.url}/api/runs/${id}`)).body,
    (run) => !['queued', 'running'].includes(run.status),
    60_000,
  );
}

describe('hardening', () => {
  it('answers a 1990-node reversed chain with a cycle with 400 while GET /api/nodes keeps answering', async () => {
    const wf = upsamplerChain(1990, 'reverse');
    wf.edges.find((e) => e.to.node === 'u0' && e.to.port === 'image')!.from = {
      node: 'u1989',
      port: 'image',
    };
    const [run, nodes] = await Promise.all([
      postJson(`${server.url}/api/runs`, { workflow: wf }),
      getJson(`${server.url}/api/nodes`),
    ]);
    expect(nodes.status).toBe(200);
    expect(run.status).toBe(400);
    expect(JSON.stringify(run.body)).toContain('edges form a cycle');
  });

  it('refuses a JPEG with a fake first SOF (real frame 16000x16) and 4096x1 / 1x4096 PNGs at upload', async () => {
    const jpeg = await upload(fakeSofJpeg(16000, 16));
    expect(jpeg).toEqual({
      status: 400,
      body: { error: 'JPEG image is 16000x16; the largest accepted is 4096x4096' },
    });
    for (const [w, h] of [
      [4096, 1],
      [1, 4096],
    ])
      expect(await upload(solidPng(w!, h!))).toEqual({
        status: 400,
        body: { error: `PNG image is ${w}x${h}; the long side may be at most 16 times the short side` },
      });
  });

  it('fails image.load -> image.encode on a 4096x1 PNG placed in the inputs folder with a clear run error', async () => {
    const { writeFile } = await import('node:fs/promises');
    await writeFile(path.join(server.dataDir, 'inputs', 'wide.png'), solidPng(4096, 1));
    const node = (id: string, type: string, params: Record<string, unknown> = {}) => ({ id, type, params });
    const workflow = {
      format: 'unclip-studio/workflow',
      version: 1,
      nodes: [
        node('m', 'model.load', { bundle: 'shapes-tiny' }),
        node('t', 'text.encode', { prompt: 'a red circle' }),
        node('img', 'image.load', { file: 'wide.png' }),
        node('enc', 'image.encode'),
        node('sim', 'embedding.similarity'),
      ],
      edges: [
        edge('m', 'model', 't', 'model'),
        edge('m', 'model', 'enc', 'model'),
        edge('img', 'image', 'enc', 'image'),
        edge('enc', 'embedding', 'sim', 'embedding'),
        edge('t', 'text', 'sim', 'text'),
      ],
    };
    const queued = await postJson(`${server.url}/api/runs`, { workflow });
    expect(queued.status).toBe(202);
    const run = await runUntilFinished((queued.body as { id: string }).id);
    expect(run.status).toBe('error');
    expect(run.error).toEqual({
      node: 'img',
      message: 'PNG image is 4096x1; the long side may be at most 16 times the short side',
    });
    expect((await getJson(`${server.url}/api/nodes`)).status).toBe(200);
  });

  it('answers 404 for symlinks in data/workflows, to a file outside or to a directory', async () => {
    const dir = path.join(server.dataDir, 'workflows');
    mkdirSync(dir, { recursive: true });
    symlinkSync('/etc/passwd', path.join(dir, 'x.json'));
    symlinkSync('/tmp', path.join(dir, 'd.json'));
    for (const name of ['x', 'd']) {
      const res = await getJson<ApiError>(`${server.url}/api/workflows/${name}`);
      expect(res).toEqual({ status: 404, body: { error: `no saved workflow "${name}"` } });
    }
  });

  it('refuses a 100,000-deep array in ui with 400 naming where (POST /api/runs and PUT /api/workflows)', async () => {
    const workflow = JSON.stringify(textToImage()).replace(
      '"params":{"bundle"',
      `"ui":{"deep":${deepArrayJson(100_000)}},"params":{"bundle"`,
    );
    for (const [method, route, body] of [
      ['POST', '/api/runs', `{"workflow":${workflow}}`],
      ['PUT', '/api/workflows/deep', workflow],
    ] as const) {
      const res = await rawRequest(server.url, {
        method,
        path: route,
        headers: { host: server.host, 'content-type': 'application/json' },
        body,
      });
      expect(res.status, res.text).toBe(400);
      const parsed = JSON.parse(res.text) as ApiError;
      expect(parsed.error).toBe('request body is nested too deeply');
      expect(parsed.issues![0]!.path).toMatch(
        method === 'POST' ? /^body\.workflow\.nodes\.0\.ui\.deep\.0\.0/ : /^body\.nodes\.0\.ui\.deep\.0\.0/,
      );
    }
  });

  it('refuses too many batch rows and "__proto__" params before queueing anything', async () => {
    const lines = (n: number) => Array.from({ length: n }, (_, i) => `${i % 10}`).join('\n');
    const cases: [string, (wf: ReturnType<typeof textToImage>) => void, RegExp][] = [
      [
        '65 lines',
        (wf) => (wf.nodes[1]!.params.prompt = lines(65)),
        /text.encode would work on 65 batch rows/,
      ],
      ['1000 lines', (wf) => (wf.nodes[1]!.params.prompt = lines(1000)), /on 1000 batch rows/],
      [
        '16 x count 16',
        (wf) => {
          wf.nodes[1]!.params.prompt = lines(16);
          wf.nodes[2]!.params.count = 16;
        },
        /prior.sample would work on 256 batch rows/,
      ],
    ];
    for (const [what, edit, message] of cases) {
      const wf = textToImage();
      edit(wf);
      const res = await postJson(`${server.url}/api/runs`, { workflow: wf });
      expect(res.status, what).toBe(400);
      expect(JSON.stringify(res.body), what).toMatch(message);
    }
    const raw = JSON.stringify({ workflow: textToImage() }).replace(
      '"steps":3',
      '"__proto__":{"x":1},"steps":3',
    );
    const res = await rawRequest(server.url, {
      method: 'POST',
      path: '/api/runs',
      headers: { host: server.host, 'content-type': 'application/json' },
      body: raw,
    });
    expect(res.status).toBe(400);
    expect(JSON.parse(res.text).issues).toContainEqual({
      node: 'prior',
      param: '__proto__',
      message: 'unknown param "__proto__" for prior.sample',
    });
    const page = await getJson<{ queue: unknown[] }>(`${server.url}/api/runs`);
    expect(page.body.queue).toHaveLength(0);
  });
});
