/**
 * The one access check, shared by HTTP requests and the WebSocket upgrade.
 * - every request: the Host header must name this server (DNS rebinding);
 * - every request: Origin absent (scripts, curl) or same-origin, never "null"; browsers always send Origin
 *   on state-changing requests and on the WS upgrade, and those also refuse `Sec-Fetch-Site: cross-site`;
 * - with a token: every /api request and the WS upgrade must carry it.
 */
import type { IncomingMessage } from 'node:http';
import type { HostPolicy } from './host-policy.ts';
import type { TokenGate } from './token.ts';

export interface Refusal {
  status: 401 | 403;
  error: string;
}

export interface AccessGuard {
  policy: HostPolicy;
  gate?: TokenGate;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function checkAccess(
  req: IncomingMessage,
  guard: AccessGuard,
  kind: { api: boolean; websocket: boolean },
): Refusal | null {
  const host = req.headers.host;
  const hostProblem = guard.policy.hostProblem(host);
  if (hostProblem) return { status: 403, error: hostProblem };

  const originProblem = guard.policy.originProblem(req.headers.origin, host);
  if (originProblem) return { status: 403, error: originProblem };
  const changesState = kind.websocket || !SAFE_METHODS.has(req.method ?? 'GET');
  if (changesState && req.headers['sec-fetch-site'] === 'cross-site')
    return { status: 403, error: 'cross-site request is refused' };

  if (
    guard.gate &&
    (kind.api || kind.websocket) &&
    !guard.gate.authorises(req, { allowQuery: kind.websocket })
  )
    return { status: 401, error: 'missing or wrong access token' };
  return null;
}
