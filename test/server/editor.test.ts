/** The built editor: index.html for SPA routes, assets as files, a hint page when not built, never for /api. */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawRequest, startTestServer, type TestServer, tempDir } from './harness.ts';

describe('editor pages', () => {
  let built: TestServer;
  let unbuilt: TestServer;
  const dist = tempDir('dist');
  beforeAll(async () => {
    mkdirSync(path.join(dist, 'assets'));
    writeFileSync(
      path.join(dist, 'index.html'),
      '<!doctype html><title>editor</title><script src="/assets/app.js"></script>',
    );
    writeFileSync(path.join(dist, 'assets', 'app.js'), 'console.log(1)');
    built = await startTestServer({ editorDist: dist });
    unbuilt = await startTestServer();
  });
  afterAll(async () => {
    await built.close();
    await unbuilt.close();
    rmSync(dist, { recursive: true, force: true });
  });

  const get = (server: TestServer, p: string) =>
    rawRequest(server.url, { path: p, headers: { host: server.host } });

  it('serves index.html with a restrictive CSP for the root and for SPA routes', async () => {
    for (const p of ['/', '/runs/abc']) {
      const res = await get(built, p);
      expect(res.status, p).toBe(200);
      expect(res.text, p).toContain('<title>editor</title>');
      expect(res.headers['content-security-policy'], p).toMatch(/frame-ancestors 'none'/);
    }
    const asset = await get(built, '/assets/app.js');
    expect(asset.status).toBe(200);
    expect(asset.headers['content-type']).toMatch(/javascript/);
    expect((await get(built, '/assets/missing.js')).status).toBe(404);
    expect((await get(built, '/api/missing')).text).not.toContain('<title>editor</title>');
  });

  it('tells the user to build the editor when it is missing', async () => {
    const res = await get(unbuilt, '/');
    expect(res.status).toBe(200);
    expect(res.text).toContain('npm run build');
  });
});
