/** Drive-by requests, Origin: null, DNS rebinding and the token, over HTTP and the WebSocket upgrade. */
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer } from '../../server/http/server.ts';
import { rawRequest, startTestServer, type TestServer, tempDir, upgradeStatus } from './harness.ts';

describe('without a token (loopback)', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.close());

  const pause = (headers: Record<string, string>) =>
    rawRequest(server.url, {
      method: 'POST',
      path: '/api/queue/pause',
      headers: { host: server.host, ...headers },
    });

  it('accepts loopback Host names on the right port', async () => {
    for (const host of [server.host, `localhost:${server.port}`, `[::1]:${server.port}`]) {
      const res = await rawRequest(server.url, { path: '/api/nodes', headers: { host } });
      expect(res.status, host).toBe(200);
    }
  });

  it('refuses foreign Host headers (DNS rebinding), on GET too', async () => {
    for (const host of ['evil.example:' + server.port, `127.0.0.1:${server.port + 1}`, 'localhost']) {
      const res = await rawRequest(server.url, { path: '/api/nodes', headers: { host } });
      expect(res.status, host).toBe(403);
      expect(JSON.parse(res.text).error).toMatch(/Host/);
    }
  });

  it('refuses cross-origin, Origin: null and cross-site state changes', async () => {
    expect((await pause({ origin: 'http://evil.example' })).status).toBe(403);
    expect((await pause({ origin: 'null' })).status).toBe(403);
    expect((await pause({ origin: `http://localhost:${server.port}` })).status).toBe(403);
    expect((await pause({ origin: `http://127.0.0.1:${server.port + 1}` })).status).toBe(403);
    expect((await pause({ 'sec-fetch-site': 'cross-site' })).status).toBe(403);
    const refused = await pause({ origin: 'null' });
    expect(JSON.parse(refused.text)).toEqual({ error: 'Origin "null" is refused' });
  });

  it('accepts same-origin and Origin-less state changes', async () => {
    expect((await pause({ origin: `http://${server.host}` })).status).toBe(200);
    expect((await pause({})).status).toBe(200);
    const resumed = await rawRequest(server.url, {
      method: 'POST',
      path: '/api/queue/resume',
      headers: { host: server.host },
    });
    expect(JSON.parse(resumed.text).paused).toBe(false);
  });

  it('refuses a cross-origin GET that carries a foreign Origin', async () => {
    const res = await rawRequest(server.url, {
      path: '/api/runs',
      headers: { host: server.host, origin: 'http://evil.example' },
    });
    expect(res.status).toBe(403);
  });

  it('refuses WebSocket upgrades from other origins before upgrading', async () => {
    expect(await upgradeStatus(server.url, '', { origin: 'http://evil.example' })).toBe(403);
    expect(await upgradeStatus(server.url, '', { origin: 'null' })).toBe(403);
    expect(await upgradeStatus(server.url, '', { host: `evil.example:${server.port}` })).toBe(403);
    expect(await upgradeStatus(server.url, '', { origin: `http://${server.host}` })).toBe(101);
    expect(await upgradeStatus(server.url, '', {})).toBe(101);
  });

  it('answers unknown API routes with JSON 404, never the editor page', async () => {
    const res = await rawRequest(server.url, { path: '/api/nope', headers: { host: server.host } });
    expect(res.status).toBe(404);
    expect(JSON.parse(res.text).error).toMatch(/no API route/);
  });
});

describe('with a token', () => {
  const token = 'correct-horse-battery-staple';
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ token });
  });
  afterAll(() => server.close());

  const nodes = (headers: Record<string, string>) =>
    rawRequest(server.url, { path: '/api/nodes', headers: { host: server.host, ...headers } });

  it('requires the token on API requests', async () => {
    expect((await nodes({})).status).toBe(401);
    expect((await nodes({ authorization: 'Bearer wrong-token-wrong-token' })).status).toBe(401);
    expect((await nodes({ authorization: `Bearer ${token}` })).status).toBe(200);
    for (const variant of ['/API/nodes', '/Api/runs', '/api/nodes/'])
      expect(
        (await rawRequest(server.url, { path: variant, headers: { host: server.host } })).status,
        variant,
      ).toBe(401);
  });

  it('sets an HttpOnly SameSite=Strict cookie from /?token= that then authorises the editor', async () => {
    const wrong = await rawRequest(server.url, { path: '/?token=nope', headers: { host: server.host } });
    expect(wrong.status).toBe(401);
    const landing = await rawRequest(server.url, {
      path: `/?token=${encodeURIComponent(token)}`,
      headers: { host: server.host },
    });
    expect(landing.status).toBe(302);
    expect(landing.headers.location).toBe('/');
    const cookie = String(landing.headers['set-cookie']);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    const pair = cookie.split(';')[0] as string;
    expect((await nodes({ cookie: pair })).status).toBe(200);
    expect(await upgradeStatus(server.url, '', { cookie: pair })).toBe(101);
  });

  it('requires the token on the WebSocket (header or query)', async () => {
    expect(await upgradeStatus(server.url, '', {})).toBe(401);
    expect(await upgradeStatus(server.url, '?token=wrong', {})).toBe(401);
    expect(await upgradeStatus(server.url, `?token=${token}`, {})).toBe(101);
    expect(await upgradeStatus(server.url, '', { authorization: `Bearer ${token}` })).toBe(101);
  });

  it('still checks Origin when the token is right', async () => {
    const res = await rawRequest(server.url, {
      method: 'POST',
      path: '/api/queue/pause',
      headers: { host: server.host, authorization: `Bearer ${token}`, origin: 'http://evil.example' },
    });
    expect(res.status).toBe(403);
  });
});

describe('binding', () => {
  const dataDir = tempDir('bind');
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('refuses a non-loopback host without a token, saying why', async () => {
    await expect(startServer({ host: '0.0.0.0', port: 0, dataDir })).rejects.toThrow(/without a token/);
  });

  it('refuses tokens too short to be secret', async () => {
    await expect(startServer({ port: 0, token: 'short', dataDir })).rejects.toThrow(/16/);
  });
});
