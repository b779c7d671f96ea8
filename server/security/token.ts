/**
 * Optional shared-secret access: `Authorization: Bearer <token>`, an HttpOnly SameSite=Strict cookie set when
 * the user opens `/?token=...`, or (WebSocket only, where browsers cannot set headers) a `token` query param.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export class TokenGate {
  private readonly digest: Buffer;

  constructor(
    token: string,
    /** Cookie names are per port: cookies are not, and two servers on one machine must not mix. */
    private readonly cookieNameFor: () => string,
  ) {
    if (token.length < 16) throw new Error('the access token must be at least 16 characters long');
    this.digest = sha256(token);
  }

  /** Constant-time comparison (both sides hashed to equal lengths first). */
  matches(candidate: string | undefined | null): boolean {
    if (!candidate) return false;
    return timingSafeEqual(sha256(candidate), this.digest);
  }

  get cookieName(): string {
    return this.cookieNameFor();
  }

  /** Whether a request carries the token in its Authorization header or cookie (or query, when allowed). */
  authorises(req: IncomingMessage, options: { allowQuery: boolean }): boolean {
    const auth = req.headers.authorization;
    if (auth?.startsWith('Bearer ') && this.matches(auth.slice(7).trim())) return true;
    if (this.matches(readCookie(req.headers.cookie, this.cookieName))) return true;
    if (options.allowQuery) return this.matches(queryToken(req.url));
    return false;
  }

  /** The Set-Cookie value that lets the editor's own requests through. */
  cookieHeader(token: string): string {
    return `${this.cookieName}=${encodeURIComponent(token)}; HttpOnly; SameSite=Strict; Path=/`;
  }
}

export function queryToken(url: string | undefined): string | null {
  return new URL(url ?? '/', 'http://x').searchParams.get('token');
}

function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) {
      try {
        return decodeURIComponent(part.slice(eq + 1).trim());
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

function sha256(s: string): Buffer {
  return createHash('sha256').update(s).digest();
}
