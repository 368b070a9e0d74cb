// What the containers answer (W-6): httpbin's `/get` JSON as the seed's image (gunicorn 19.9.0, Flask
// 1.0.2, werkzeug 0.14.1: Kong/httpbin's Pipfile.lock) sends it, origin being the source address as
// the server saw it (`::ffff:`-mapped when it listens on `[::]`); a plain 200 from any other port.
import type { Pod } from '../kube/types.js';
import type { CurlRequest } from './curl.js';

export const CURL_USER_AGENT = 'curl/8.17.0';

export interface HttpAnswer {
  status: number;
  reason: string;
  headers: Array<[string, string]>;
  body: string;
}

interface Listener {
  port: number;
  dualStack: boolean;
  app: 'httpbin' | 'generic';
}

export function listenersOf(pod: Pod): Listener[] {
  const listeners: Listener[] = [];
  for (const container of pod.spec.containers) {
    const words = [...(container.command ?? []), ...(container.args ?? [])];
    const app = /httpbin/.test(`${container.image ?? ''} ${words.join(' ')}`) ? 'httpbin' : 'generic';
    const bind = words[words.indexOf('-b') + 1];
    const bound = words.includes('-b') && bind ? /^\[?([^\]]*)\]?:(\d+)$/.exec(bind) : null;
    if (bound) listeners.push({ port: Number(bound[2]), dualStack: bound[1]!.includes(':'), app });
    for (const p of container.ports ?? []) {
      if (!listeners.some((l) => l.port === p.containerPort)) listeners.push({ port: p.containerPort, dualStack: false, app });
    }
  }
  return listeners;
}

export function requestText(request: CurlRequest): string {
  const hostHeader = request.port === 80 ? request.host : `${request.host}:${request.port}`;
  const headers: Array<[string, string]> = [['Host', hostHeader], ['User-Agent', CURL_USER_AGENT], ['Accept', '*/*'], ...request.headers];
  return `${request.method} ${request.path} HTTP/1.1\r\n${headers.map(([k, v]) => `${k}: ${v}`).join('\r\n')}\r\n\r\n`;
}

/**
 * The answer of `pod` on `port` to `request` from `sourceIp` at `answeredAtMs` (ms since the Unix
 * epoch: the virtual moment, for the Date header); undefined when nothing listens (RST).
 */
export function serve(pod: Pod, port: number, request: CurlRequest, sourceIp: string, answeredAtMs: number): HttpAnswer | undefined {
  const listener = listenersOf(pod).find((l) => l.port === port);
  if (!listener) return undefined;
  const origin = listener.dualStack && !sourceIp.includes(':') ? `::ffff:${sourceIp}` : sourceIp;
  if (listener.app === 'httpbin' && request.path.split('?')[0] === '/get') {
    const hostHeader = request.port === 80 ? request.host : `${request.host}:${request.port}`;
    const headers: Record<string, string> = { Accept: '*/*', Host: hostHeader, 'User-Agent': CURL_USER_AGENT };
    for (const [k, v] of request.headers) headers[k] = v;
    const body = flaskJsonify({ args: {}, headers, origin, url: request.url });
    return { status: 200, reason: 'OK', headers: httpbinHeaders(body, answeredAtMs), body };
  }
  if (listener.app === 'httpbin') {
    // werkzeug 0.14's NotFound page (exceptions.py HTTPException.get_body with its description).
    const body =
      '<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 3.2 Final//EN">\n<title>404 Not Found</title>\n<h1>Not Found</h1>\n' +
      '<p>The requested URL was not found on the server.  If you entered the URL manually please check your spelling and try again.</p>\n';
    return { status: 404, reason: 'NOT FOUND', headers: httpbinHeaders(body, answeredAtMs, 'text/html'), body };
  }
  return { status: 200, reason: 'OK', headers: [['Content-Length', '0']], body: '' };
}

/**
 * Flask 1.0's jsonify as httpbin configures it (JSONIFY_PRETTYPRINT_REGULAR, JSON_SORT_KEYS,
 * JSON_AS_ASCII): Python's json.dumps with indent 2, keys sorted by code point, the separators
 * `', '` and `': '` — so every line that ends an item ends in a comma and a space — non-ASCII as
 * `\uXXXX`, and a final newline.
 */
export function flaskJsonify(value: unknown): string {
  const text = JSON.stringify(sortKeys(value), null, 2).replaceAll(',\n', ', \n');
  return `${text.replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)}\n`;
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return Object.fromEntries(entries.map(([k, v]) => [k, sortKeys(v)]));
}

/** An HTTP-date (RFC 7231 IMF-fixdate), as gunicorn's util.http_date writes it. */
export function httpDate(atMs: number): string {
  return new Date(atMs).toUTCString();
}

/** gunicorn's own headers first (http/wsgi.py Response.default_headers), then Flask's and those of
 * httpbin's set_cors_headers. */
function httpbinHeaders(body: string, answeredAtMs: number, type = 'application/json'): Array<[string, string]> {
  return [
    ['Server', 'gunicorn/19.9.0'],
    ['Date', httpDate(answeredAtMs)],
    ['Connection', 'keep-alive'],
    ['Content-Type', type],
    ['Content-Length', String(Buffer.byteLength(body))],
    ['Access-Control-Allow-Origin', '*'],
    ['Access-Control-Allow-Credentials', 'true'],
  ];
}

export function answerText(answer: HttpAnswer): string {
  return `HTTP/1.1 ${answer.status} ${answer.reason}\r\n${answer.headers.map(([k, v]) => `${k}: ${v}`).join('\r\n')}\r\n\r\n${answer.body}`;
}
