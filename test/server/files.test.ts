/** File routes: traversal and symlink escapes, safe image headers, uploads, body limits, the workflow library. */
import { mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodePng } from '../../server/images/index.ts';
import { getJson, postJson, rawRequest, startTestServer, type TestServer, tempDir } from './harness.ts';

function png(width: number, height: number): Buffer {
  const rgba = new Uint8Array(width * height * 4).map((_, i) => (i * 37) % 256);
  return encodePng({ width, height, rgba });
}

describe('file routes', () => {
  let server: TestServer;
  let outputs: string;
  const outside = tempDir('outside');
  beforeAll(async () => {
    server = await startTestServer();
    outputs = path.join(server.dataDir, 'outputs');
    writeFileSync(path.join(outputs, 'good_0000.png'), png(4, 4));
    writeFileSync(path.join(outputs, '.hidden.png'), png(4, 4));
    writeFileSync(path.join(outputs, 'partial.png.tmp'), png(4, 4));
    writeFileSync(path.join(outputs, 'claimed_0000.png'), '');
    mkdirSync(path.join(outputs, '.temp'), { recursive: true });
    writeFileSync(path.join(outputs, '.temp', 'preview_0000.png'), png(2, 2));
    writeFileSync(path.join(outside, 'secret.png'), png(2, 2));
    symlinkSync(path.join(outside, 'secret.png'), path.join(outputs, 'escape.png'));
    writeFileSync(path.join(server.dataDir, 'studio-secret.png'), png(2, 2));
  });
  afterAll(async () => {
    await server.close();
    rmSync(outside, { recursive: true, force: true });
  });

  const get = (p: string) => rawRequest(server.url, { path: p, headers: { host: server.host } });

  it('serves outputs as image/png with nosniff and a CSP that forbids scripts', async () => {
    const res = await get('/api/outputs/good_0000.png');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('image/png');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toMatch(/default-src 'none'.*sandbox/);
    expect((await get('/api/outputs/.temp/preview_0000.png')).status).toBe(200);
    expect((await get('/api/outputs/.temp%2Fpreview_0000.png')).status).toBe(200);
  });

  it('refuses traversal, encoded traversal, absolute paths and symlinks out of the folder', async () => {
    const attempts = [
      '/api/outputs/../studio-secret.png',
      '/api/outputs/..%2fstudio-secret.png',
      '/api/outputs/%2e%2e%2fstudio-secret.png',
      '/api/outputs/%2e%2e/studio-secret.png',
      '/api/outputs/..%5cstudio-secret.png',
      '/api/outputs/%2fetc%2fpasswd',
      `/api/outputs/${encodeURIComponent(path.join(server.dataDir, 'studio-secret.png'))}`,
      '/api/outputs/.temp/..%2fgood_0000.png',
      '/api/outputs/.temp%2F..%2fgood_0000.png',
      '/api/outputs/.temp%2F.temp%2Fpreview_0000.png',
      '/api/outputs/escape.png',
      '/api/inputs/..%2f..%2foutputs%2fgood_0000.png',
      '/api/outputs/good_0000.png%00.png',
    ];
    for (const attempt of attempts) {
      const res = await get(attempt);
      expect(res.status, attempt).toBeGreaterThanOrEqual(400);
      expect(res.headers['content-type'], attempt).toMatch(/json/);
    }
  });

  it('never serves hidden, temporary or not-yet-written files', async () => {
    for (const name of ['.hidden.png', 'partial.png.tmp', 'claimed_0000.png'])
      expect((await get(`/api/outputs/${name}`)).status, name).toBe(404);
  });

  it('stores uploads by content hash after decoding them, and serves them back', async () => {
    const body = png(12, 8);
    const up = await rawRequest(server.url, {
      method: 'POST',
      path: '/api/inputs',
      headers: { host: server.host, 'content-type': 'image/png' },
      body,
    });
    expect(up.status).toBe(201);
    const info = JSON.parse(up.text);
    expect(info).toEqual({ name: expect.stringMatching(/^[0-9a-f]{16}\.png$/), width: 12, height: 8 });
    const back = await get(`/api/inputs/${info.name}`);
    expect(back.status).toBe(200);
    expect(back.headers['content-type']).toBe('image/png');
  });

  it('refuses uploads that are not images, are corrupt, or are too large', async () => {
    const upload = (body: Uint8Array) =>
      rawRequest(server.url, { method: 'POST', path: '/api/inputs', headers: { host: server.host }, body });
    const notImage = await upload(Buffer.from('<script>alert(1)</script>'));
    expect(notImage.status).toBe(415);
    const corrupt = png(16, 16).subarray(0, 60);
    const broken = await upload(corrupt);
    expect(broken.status).toBe(400);
    expect(JSON.parse(broken.text).error).toBeTruthy();
    const huge = Buffer.alloc(11 * 1024 * 1024);
    png(1, 1).copy(huge);
    const tooLarge = await upload(huge);
    expect(tooLarge.status).toBe(413);
  });

  it('refuses JSON bodies over the limit and bodies that are not JSON', async () => {
    const big = { workflow: { format: 'unclip-studio/workflow', description: 'x'.repeat(3 * 1024 * 1024) } };
    const res = await postJson(`${server.url}/api/runs`, big);
    expect(res.status).toBe(413);
    expect(res.body).toEqual({ error: expect.stringMatching(/too large/) });
    const form = await rawRequest(server.url, {
      method: 'POST',
      path: '/api/runs',
      headers: { host: server.host, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'workflow=1',
    });
    expect(form.status).toBe(415);
    const malformed = await rawRequest(server.url, {
      method: 'POST',
      path: '/api/runs',
      headers: { host: server.host, 'content-type': 'application/json' },
      body: '{"workflow":',
    });
    expect(malformed.status).toBe(400);
    expect(JSON.parse(malformed.text)).toEqual({ error: 'request body is not valid JSON' });
  });
});

describe('workflow library', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.close());

  const doc = {
    format: 'unclip-studio/workflow',
    version: 1,
    name: 'saved',
    nodes: [{ id: 'm', type: 'model.load', params: { bundle: 'not-installed' } }],
    edges: [],
  };

  it('saves, lists, reads and deletes workflows (missing models allowed)', async () => {
    expect((await postJson(`${server.url}/api/workflows/My%20flow`, doc, 'PUT')).status).toBe(201);
    expect((await postJson(`${server.url}/api/workflows/My%20flow`, doc, 'PUT')).status).toBe(200);
    const list = await getJson<{ workflows: { name: string }[] }>(`${server.url}/api/workflows`);
    expect(list.body.workflows.map((w) => w.name)).toEqual(['My flow']);
    const read = await getJson<typeof doc>(`${server.url}/api/workflows/My%20flow`);
    expect(read.body.nodes[0]?.params).toEqual({ bundle: 'not-installed' });
    expect((await getJson(`${server.url}/api/workflows/My%20flow`, { method: 'DELETE' })).status).toBe(204);
    expect((await getJson(`${server.url}/api/workflows/My%20flow`)).status).toBe(404);
  });

  it('refuses bad names and documents that are not workflows, naming the problem', async () => {
    for (const name of ['..%2fescape', '.hidden', '%2e%2e', 'a%2fb', 'x'.repeat(81)]) {
      const res = await postJson(`${server.url}/api/workflows/${name}`, doc, 'PUT');
      expect(res.status, name).toBeGreaterThanOrEqual(400);
      expect(res.status, name).toBeLessThan(500);
    }
    const bad = await postJson(`${server.url}/api/workflows/bad`, { ...doc, nodes: 'no' }, 'PUT');
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ issues: [{ path: 'nodes' }] });
  });
});
