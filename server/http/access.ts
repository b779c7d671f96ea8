/** Express side of the access guard: refuses before any route runs, answering the usual JSON error. */
import type { RequestHandler } from 'express';
import { type AccessGuard, checkAccess } from '../security/guard.ts';
import { HttpError } from './errors.ts';

/**
 * `scope: 'api'` also demands the token (when one is configured). It is mounted inside the API router, so it
 * covers whatever path Express routes there (routing ignores case: /API/runs reaches it too).
 */
export function accessMiddleware(guard: AccessGuard, scope: 'page' | 'api'): RequestHandler {
  return (req, _res, next) => {
    const refusal = checkAccess(req, guard, { api: scope === 'api', websocket: false });
    next(refusal ? new HttpError(refusal.status, refusal.error) : undefined);
  };
}

/** API answers are never cached and never sniffed. */
export const apiHeaders: RequestHandler = (_req, res, next) => {
  res.set({ 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' });
  next();
};

/** Bodies of state-changing JSON routes must say they are JSON (also keeps HTML forms out). */
export const requireJsonBody: RequestHandler = (req, _res, next) => {
  if (req.method === 'GET' || req.method === 'HEAD' || req.method === 'DELETE' || req.is('application/json'))
    return next();
  next(new HttpError(415, 'send the body as Content-Type: application/json'));
};
