/**
 * The built editor (Vite output) with an index.html fallback for the SPA's routes; a hint page when it has
 * not been built. With a token, opening `/?token=...` stores it in an HttpOnly SameSite=Strict cookie and
 * redirects to `/`, so the editor's own API and WebSocket requests carry it.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import express, { type RequestHandler, Router } from 'express';
import type { AccessGuard } from '../security/guard.ts';
import { queryToken } from '../security/token.ts';
import { HttpError } from './errors.ts';

const EDITOR_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const NOT_BUILT_PAGE = `<!doctype html><meta charset="utf-8"><title>unclip-studio</title>
<body style="font-family:system-ui;margin:3rem;max-width:40rem">
<h1>The editor is not built</h1>
<p>Run <code>npm run build</code> (or <code>npm start</code>, which builds and serves), then reload.</p>
<p>The API is up: <a href="/api/nodes">/api/nodes</a>.</p></body>`;

const pageHeaders: RequestHandler = (_req, res, next) => {
  res.set({
    'Content-Security-Policy': EDITOR_CSP,
    'X-Content-Type-Options': 'nosniff',
    'X-Frame-Options': 'DENY',
    'Referrer-Policy': 'no-referrer',
  });
  next();
};

export function editorRouter(editorDist: string, guard: AccessGuard): Router {
  const router = Router();
  router.use(pageHeaders);
  router.get('/', tokenLanding(guard));
  const index = path.join(editorDist, 'index.html');
  if (!existsSync(index)) {
    router.get('/{*path}', (_req, res) => {
      res.type('html').send(NOT_BUILT_PAGE);
    });
    return router;
  }
  router.use(express.static(editorDist, { index: 'index.html', dotfiles: 'ignore', fallthrough: true }));
  // SPA fallback: page routes get index.html; missing assets (with an extension) stay 404.
  router.get('/{*path}', (req, res, next) => {
    if (path.extname(req.path)) return next();
    res.set('Cache-Control', 'no-cache').sendFile(index);
  });
  return router;
}

function tokenLanding(guard: AccessGuard): RequestHandler {
  return (req, res, next) => {
    const token = queryToken(req.originalUrl);
    if (!guard.gate || token === null) return next();
    if (!guard.gate.matches(token)) return next(new HttpError(401, 'wrong access token'));
    res.set('Set-Cookie', guard.gate.cookieHeader(token)).redirect(302, '/');
  };
}
