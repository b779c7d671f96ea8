/**
 * Which Host and Origin headers a request may carry. Defends against drive-by requests from other web pages
 * (foreign Origin, `Origin: null`) and against DNS rebinding (a foreign name resolving to 127.0.0.1 arrives
 * with a foreign Host header).
 */

const LOOPBACK_NAMES = ['localhost', '127.0.0.1', '[::1]'];
const WILDCARD_HOSTS = ['0.0.0.0', '::', '[::]'];

export function isLoopbackHost(host: string): boolean {
  const h = host.toLowerCase();
  return (
    LOOPBACK_NAMES.includes(h) || h === '::1' || /^127(\.\d{1,3}){3}$/.test(h) || h.endsWith('.localhost')
  );
}

export function isWildcardHost(host: string): boolean {
  return WILDCARD_HOSTS.includes(host.toLowerCase());
}

/** A host as it appears in a Host header: IPv6 literals in brackets. */
function headerForm(host: string): string {
  const h = host.toLowerCase();
  return h.includes(':') && !h.startsWith('[') ? `[${h}]` : h;
}

export class HostPolicy {
  private readonly names: Set<string>;
  private readonly anyName: boolean;
  /** The port the server listens on; set once it is known (port 0 binds a random port). */
  port = 0;

  /**
   * @param bindHost the address the server binds.
   * @param extraHosts further host names users reach the server by (e.g. a LAN name with --token).
   */
  constructor(bindHost: string, extraHosts: readonly string[] = []) {
    this.anyName = isWildcardHost(bindHost);
    this.names = new Set([...LOOPBACK_NAMES, headerForm(bindHost), ...extraHosts.map(headerForm)]);
  }

  /** Why a Host header is refused, or null when it names this server. */
  hostProblem(hostHeader: string | undefined): string | null {
    if (!hostHeader) return 'missing Host header';
    const parsed = splitHostPort(hostHeader.toLowerCase());
    if (!parsed) return 'malformed Host header';
    const port = parsed.port ?? 80;
    if (port !== this.port) return `Host header names port ${port}, this server listens on ${this.port}`;
    if (this.anyName || this.names.has(parsed.name) || isLoopbackHost(parsed.name)) return null;
    return `Host "${parsed.name}" is not an allowed name for this server`;
  }

  /**
   * Why an Origin header is refused, or null when it is absent (scripts, curl) or same-origin.
   * Same-origin means http(s)://<the request's Host>; the Host itself must pass hostProblem.
   */
  originProblem(origin: string | undefined, hostHeader: string | undefined): string | null {
    if (origin === undefined) return null;
    if (origin === 'null') return 'Origin "null" is refused';
    let url: URL;
    try {
      url = new URL(origin);
    } catch {
      return 'malformed Origin header';
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:')
      return `Origin scheme ${url.protocol} is refused`;
    if (!hostHeader || url.host.toLowerCase() !== normaliseHost(hostHeader, url.protocol))
      return `cross-origin request from ${url.origin} is refused`;
    return null;
  }
}

/** The Host header as URL.host would print it for this scheme (default port dropped). */
function normaliseHost(hostHeader: string, protocol: string): string {
  const h = hostHeader.toLowerCase();
  const defaultPort = protocol === 'https:' ? ':443' : ':80';
  return h.endsWith(defaultPort) ? h.slice(0, -defaultPort.length) : h;
}

function splitHostPort(value: string): { name: string; port?: number } | null {
  const m = /^(\[[0-9a-f:.]+\]|[a-z0-9.-]+)(?::(\d{1,5}))?$/.exec(value);
  if (!m) return null;
  const name = m[1] as string;
  return m[2] === undefined ? { name } : { name, port: Number(m[2]) };
}
