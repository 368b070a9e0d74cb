// What the containers answer (W-6): httpbin's `/get` JSON (origin = the source address as the server
// saw it, `::ffff:`-mapped when it listens on `[::]`), a plain 200 from any other listening port.
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

/** The answer of `pod` on `port` to `request` from `sourceIp`; undefined when nothing listens (RST). */
export function serve(pod: Pod, port: number, request: CurlRequest, sourceIp: string): HttpAnswer | undefined {
  const listener = listenersOf(pod).find((l) => l.port === port);
  if (!listener) return undefined;
  const origin = listener.dualStack && !sourceIp.includes(':') ? `::ffff:${sourceIp}` : sourceIp;
  if (listener.app === 'httpbin' && request.path.split('?')[0] === '/get') {
    const hostHeader = request.port === 80 ? request.host : `${request.host}:${request.port}`;
    const headers: Record<string, string> = { Accept: '*/*', Host: hostHeader, 'User-Agent': CURL_USER_AGENT };
    for (const [k, v] of request.headers) headers[k] = v;
    const sorted = Object.fromEntries(Object.entries(headers).sort(([a], [b]) => a.localeCompare(b)));
    const body = `${JSON.stringify({ args: {}, headers: sorted, origin, url: request.url }, null, 2)}\n`;
    return { status: 200, reason: 'OK', headers: httpbinHeaders(body), body };
  }
  if (listener.app === 'httpbin') {
    const body = '<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 3.2 Final//EN">\n<title>404 Not Found</title>\n<h1>Not Found</h1>\n';
    return { status: 404, reason: 'NOT FOUND', headers: httpbinHeaders(body, 'text/html'), body };
  }
  return { status: 200, reason: 'OK', headers: [['Content-Length', '0']], body: '' };
}

function httpbinHeaders(body: string, type = 'application/json'): Array<[string, string]> {
  return [
    ['Server', 'gunicorn/19.9.0'],
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
