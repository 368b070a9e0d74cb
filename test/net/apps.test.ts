// httpbin's answer as the seed's image sends it (W-6): quay.io/sridhargaddam/kong/httpbin runs
// gunicorn 19.9.0, Flask 1.0.2 and werkzeug 0.14.1 (Kong/httpbin's Pipfile.lock). Its headers follow
// gunicorn/http/wsgi.py Response.default_headers (Server, Date from util.http_date, Connection) and
// then the app's (Flask's Content-Type and Content-Length, httpbin core.py set_cors_headers); its
// body is Flask 1.0's json.jsonify with httpbin's JSONIFY_PRETTYPRINT_REGULAR.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Pod } from '../../models/kube/types.js';
import { answerText, flaskJsonify, httpDate, requestText, serve } from '../../models/net/apps.js';
import { parseCurl, type CurlRequest } from '../../models/net/curl.js';
import { loadScenario } from '../../sim/scenario/load-scenario.js';
import { checkProbeCommands, runScenario } from '../../sim/run/run-scenario.js';

const httpbin: Pod = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'httpbin-1', namespace: 'httpbin' },
  spec: { containers: [{ name: 'httpbin', image: 'quay.io/sridhargaddam/kong/httpbin:latest', command: ['gunicorn', '-b', '[::]:8000', 'httpbin:app', '-k', 'gevent'], ports: [{ containerPort: 8000 }] }] },
};

function curl(command: string): CurlRequest {
  const parsed = parseCurl(command);
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.request;
}

const GET = curl('curl -s httpbin.httpbin.svc.cluster.local:8000/get');
/** The fixed POC's ztunnel line was logged at 2025-12-22T15:34:02.8Z (the seed fixtures' README). */
const AT_MS = Date.parse('2025-12-22T15:34:02.820Z');

describe("httpbin's /get answer", () => {
  const answer = serve(httpbin, 8000, GET, '3.3.1.9', AT_MS)!;

  it("sends gunicorn's headers first, with the virtual time as an HTTP-date, then Flask's and httpbin's", () => {
    expect(answer.headers).toEqual([
      ['Server', 'gunicorn/19.9.0'],
      ['Date', 'Mon, 22 Dec 2025 15:34:02 GMT'],
      ['Connection', 'keep-alive'],
      ['Content-Type', 'application/json'],
      ['Content-Length', '241'],
      ['Access-Control-Allow-Origin', '*'],
      ['Access-Control-Allow-Credentials', 'true'],
    ]);
  });

  it('indents the JSON by 2 with Python 2-style item separators: a space after every line-ending comma', () => {
    expect(answer.body).toBe(
      '{\n  "args": {}, \n  "headers": {\n    "Accept": "*/*", \n    "Host": "httpbin.httpbin.svc.cluster.local:8000", \n' +
        '    "User-Agent": "curl/8.17.0"\n  }, \n  "origin": "::ffff:3.3.1.9", \n  "url": "http://httpbin.httpbin.svc.cluster.local:8000/get"\n}\n',
    );
  });

  it('makes the 471 bytes the real cluster received for the 105 it sent (bytes_recv=471, bytes_sent=105)', () => {
    // Before: the status line and six headers (191 bytes) + the blank line (2) + a 236-byte body
    // with no trailing spaces = 429, what the simulator logged. The real answer has two more things:
    //   "Date: Mon, 22 Dec 2025 15:34:02 GMT\r\n"   6 + 29 + 2 = 37 bytes (an IMF-fixdate is always 29)
    //   five ", " item separators that end a line (args, Accept, Host, headers, origin): 5 bytes
    // 429 + 37 + 5 = 471, and Content-Length stays three digits (236 + 5 = 241).
    const withoutDate = answerText({ ...answer, headers: answer.headers.filter(([k]) => k !== 'Date') });
    expect(Buffer.byteLength(withoutDate.slice(0, withoutDate.indexOf('\r\n\r\n') + 2))).toBe(191); // Content-Length 241 is as long as 236 was
    expect(Buffer.byteLength(`Date: ${httpDate(AT_MS)}\r\n`)).toBe(37);
    expect(answer.body.match(/, \n/g)).toHaveLength(5);
    expect(Buffer.byteLength(answerText(answer))).toBe(429 + 37 + 5);
    expect(Buffer.byteLength(requestText(GET))).toBe(105);
  });

  it('stamps the Date of the second it answers in', () => {
    const later = serve(httpbin, 8000, GET, '3.3.1.9', Date.parse('2026-03-01T00:00:09.999Z'))!;
    expect(later.headers.find(([k]) => k === 'Date')?.[1]).toBe('Sun, 01 Mar 2026 00:00:09 GMT');
  });

  it("answers another path with werkzeug 0.14's 404 page, with the same headers", () => {
    const missing = serve(httpbin, 8000, curl('curl -s httpbin:8000/nothing'), '3.3.1.9', AT_MS)!;
    expect([missing.status, missing.reason]).toEqual([404, 'NOT FOUND']);
    expect(missing.body).toContain('<p>The requested URL was not found on the server.  If you entered the URL manually please check your spelling and try again.</p>\n');
    expect(missing.headers.map(([k]) => k)).toEqual(['Server', 'Date', 'Connection', 'Content-Type', 'Content-Length', 'Access-Control-Allow-Origin', 'Access-Control-Allow-Credentials']);
  });
});

describe("Flask's jsonify", () => {
  it('sorts keys by code point and escapes non-ASCII, as json.dumps with ensure_ascii', () => {
    expect(flaskJsonify({ b: 1, B: 'é', a: [1, 2] })).toBe('{\n  "B": "\\u00e9", \n  "a": [\n    1, \n    2\n  ], \n  "b": 1\n}\n');
  });
});

describe('the fixed POC on the simulated cluster', () => {
  it('logs bytes_sent=105 bytes_recv=471 on the outbound line, as the real cluster did', () => {
    const loaded = loadScenario('scenarios/l3-cudn-fixed.yaml', [], (p) => readFileSync(p, 'utf8'));
    if (!loaded.ok) throw new Error('l3-cudn-fixed does not load');
    const [probe] = runScenario(loaded.scenario, checkProbeCommands(loaded.scenario).requests).probes;
    const outbound = probe!.logs.map((l) => l.line).find((line) => line.includes('direction="outbound"'));
    expect(outbound).toContain('bytes_sent=105 bytes_recv=471');
  });
});
