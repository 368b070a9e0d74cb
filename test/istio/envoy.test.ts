import { describe, expect, it } from 'vitest';
import {
  accessLogEnabled,
  type EnvoyAccessLogRecord,
  envoyLocalReply,
  envoyRetryTiming,
  formatEnvoyAccessLog,
  httpDate,
  inboundClusterName,
  outboundClusterName,
} from '../../models/istio/envoy.js';

const epochIso = '2025-12-22T15:26:00Z';

const noRouteBody =
  'upstream connect error or disconnect/reset before headers. retried and the latest reset reason: remote connection failure, transport failure reason: delayed connect error: No route to host';

describe('envoyLocalReply', () => {
  it('answers an EHOSTUNREACH connect failure after retries with the W-5.6 body', () => {
    const reply = envoyLocalReply('connect-failure');
    expect(reply.status).toBe(503);
    expect(reply.reason).toBe('Service Unavailable');
    expect(reply.body).toBe(noRouteBody);
    expect(reply.headers).toEqual([
      ['content-length', '188'],
      ['content-type', 'text/plain'],
      ['server', 'envoy'],
    ]);
    expect(reply.responseFlags).toBe('UF,URX');
    expect(reply.responseCodeDetails).toBe(
      'upstream_reset_before_response_started{remote_connection_failure|delayed_connect_error:_No_route_to_host}',
    );
    expect(reply.transportFailureReason).toBe('delayed connect error: No route to host');
  });

  it('names a refused connection by its strerror text', () => {
    const reply = envoyLocalReply('connect-failure', 'Connection refused');
    expect(reply.body).toBe(
      'upstream connect error or disconnect/reset before headers. retried and the latest reset reason: remote connection failure, transport failure reason: delayed connect error: Connection refused',
    );
    expect(reply.responseCodeDetails).toBe(
      'upstream_reset_before_response_started{remote_connection_failure|delayed_connect_error:_Connection_refused}',
    );
  });

  it('gives a connect time-out no transport failure reason', () => {
    const reply = envoyLocalReply('connect-timeout', 'No route to host');
    expect(reply.body).toBe(
      'upstream connect error or disconnect/reset before headers. retried and the latest reset reason: connection timeout',
    );
    expect(reply.headers[0]).toEqual(['content-length', '114']);
    expect(reply.responseFlags).toBe('UF,URX');
    expect(reply.responseCodeDetails).toBe('upstream_reset_before_response_started{connection_timeout}');
    expect(reply.transportFailureReason).toBe('');
  });

  it('answers an empty cluster with "no healthy upstream" and UH', () => {
    const reply = envoyLocalReply('no-healthy-upstream');
    expect(reply.body).toBe('no healthy upstream');
    expect(reply.headers).toEqual([
      ['content-length', '19'],
      ['content-type', 'text/plain'],
      ['server', 'envoy'],
    ]);
    expect(reply.responseFlags).toBe('UH');
    expect(reply.responseCodeDetails).toBe('no_healthy_upstream');
  });

  it('puts the date header between content-type and server when given one', () => {
    const reply = envoyLocalReply('no-healthy-upstream', undefined, { dateHttp: httpDate(epochIso, 482_820) });
    expect(reply.headers.map(([k]) => k)).toEqual(['content-length', 'content-type', 'date', 'server']);
    expect(reply.headers[2]).toEqual(['date', 'Mon, 22 Dec 2025 15:34:02 GMT']);
  });

  it('drops "retried and the latest" and URX when the route has no retries', () => {
    const reply = envoyLocalReply('connect-failure', undefined, { retried: false });
    expect(reply.body).toBe(
      'upstream connect error or disconnect/reset before headers. reset reason: remote connection failure, transport failure reason: delayed connect error: No route to host',
    );
    expect(reply.responseFlags).toBe('UF');
  });
});

describe('envoyRetryTiming (Istio default: three tries)', () => {
  it.each([
    ['connect-failure', 3000, 9000],
    ['connect-timeout', 10_000, 30_000],
    ['connect-failure', 1, 3],
    ['no-healthy-upstream', 10_000, 0],
  ] as const)('%s with %i ms per try takes %i ms', (kind, perTry, total) => {
    expect(envoyRetryTiming(kind, perTry)).toBe(total);
  });

  it('adds the two jittered back-offs a caller drew', () => {
    expect(envoyRetryTiming('connect-failure', 3000, [24, 49])).toBe(9073);
  });

  it('refuses back-offs outside Envoy jitter ranges', () => {
    expect(() => envoyRetryTiming('connect-failure', 3000, [25, 0])).toThrow(/\[0, 25\)/);
    expect(() => envoyRetryTiming('connect-failure', 3000, [0, 50])).toThrow(/\[0, 50\)/);
  });
});

describe('cluster names', () => {
  it('names the outbound and inbound clusters as Envoy stats and logs show them', () => {
    expect(outboundClusterName(8000, 'httpbin.httpbin.svc.cluster.local')).toBe('outbound|8000||httpbin.httpbin.svc.cluster.local');
    expect(outboundClusterName(9080, 'customer.default.svc.cluster.local', 'v1')).toBe('outbound|9080|v1|customer.default.svc.cluster.local');
    expect(inboundClusterName(8000)).toBe('inbound|8000||');
  });
});

describe('formatEnvoyAccessLog (Istio default TEXT format)', () => {
  const failed: EnvoyAccessLogRecord = {
    epochIso,
    startMs: 482_820,
    method: 'GET',
    path: '/get',
    protocol: 'HTTP/1.1',
    responseCode: 503,
    responseFlags: 'UF,URX',
    responseCodeDetails: 'upstream_reset_before_response_started{remote_connection_failure|delayed_connect_error:_No_route_to_host}',
    upstreamTransportFailureReason: 'delayed connect error: No route to host',
    bytesReceived: 0,
    bytesSent: 188,
    durationMs: 9041,
    userAgent: 'curl/8.17.0',
    requestId: '5ab981ed-c95f-4730-8732-2fe6fd7f6208',
    authority: 'httpbin.httpbin:8000',
    upstreamHost: '10.131.1.42:8000',
    upstreamCluster: 'outbound|8000||httpbin.httpbin.svc.cluster.local',
    downstreamLocalAddress: '172.30.12.34:8000',
    downstreamRemoteAddress: '10.131.1.41:51874',
    routeName: 'default',
  };

  it('prints a failed outbound request with dashes for what Envoy never learned', () => {
    expect(formatEnvoyAccessLog(failed)).toBe(
      '[2025-12-22T15:34:02.820Z] "GET /get HTTP/1.1" 503 UF,URX ' +
        'upstream_reset_before_response_started{remote_connection_failure|delayed_connect_error:_No_route_to_host} - ' +
        '"delayed_connect_error:_No_route_to_host" 0 188 9041 - "-" "curl/8.17.0" "5ab981ed-c95f-4730-8732-2fe6fd7f6208" ' +
        '"httpbin.httpbin:8000" "10.131.1.42:8000" outbound|8000||httpbin.httpbin.svc.cluster.local - ' +
        '172.30.12.34:8000 10.131.1.41:51874 - default',
    );
  });

  it('prints a no-healthy-upstream request with no upstream host', () => {
    const line = formatEnvoyAccessLog({
      ...failed,
      responseFlags: 'UH',
      responseCodeDetails: 'no_healthy_upstream',
      upstreamTransportFailureReason: undefined,
      bytesSent: 19,
      durationMs: 0,
      upstreamHost: undefined,
    });
    expect(line).toBe(
      '[2025-12-22T15:34:02.820Z] "GET /get HTTP/1.1" 503 UH no_healthy_upstream - "-" 0 19 0 - "-" "curl/8.17.0" ' +
        '"5ab981ed-c95f-4730-8732-2fe6fd7f6208" "httpbin.httpbin:8000" "-" outbound|8000||httpbin.httpbin.svc.cluster.local - ' +
        '172.30.12.34:8000 10.131.1.41:51874 - default',
    );
  });

  it('prints a proxied success with the upstream service time and its local address', () => {
    const line = formatEnvoyAccessLog({
      ...failed,
      startMs: 5,
      responseCode: 200,
      responseFlags: undefined,
      responseCodeDetails: 'via_upstream',
      upstreamTransportFailureReason: undefined,
      bytesSent: 254,
      durationMs: 3,
      upstreamServiceTimeMs: 2,
      upstreamLocalAddress: '10.131.1.41:40412',
    });
    expect(line).toBe(
      '[2025-12-22T15:26:00.005Z] "GET /get HTTP/1.1" 200 - via_upstream - "-" 0 254 3 2 "-" "curl/8.17.0" ' +
        '"5ab981ed-c95f-4730-8732-2fe6fd7f6208" "httpbin.httpbin:8000" "10.131.1.42:8000" ' +
        'outbound|8000||httpbin.httpbin.svc.cluster.local 10.131.1.41:40412 172.30.12.34:8000 10.131.1.41:51874 - default',
    );
  });

  it('prints an empty request line as dashes', () => {
    const line = formatEnvoyAccessLog({ epochIso, startMs: 0, responseCode: 0, bytesReceived: 0, bytesSent: 0, durationMs: 0 });
    expect(line).toBe('[2025-12-22T15:26:00.000Z] "- - -" 0 - - - "-" 0 0 0 - "-" "-" "-" "-" "-" - - - - - -');
  });
});

describe('accessLogEnabled', () => {
  it.each([
    [undefined, undefined, false],
    ['default', undefined, false],
    ['ambient', undefined, false],
    ['openshift', undefined, false],
    ['openshift-ambient', undefined, false],
    ['demo', undefined, true],
    ['default', { accessLogFile: '/dev/stdout' }, true],
    ['demo', { accessLogFile: '' }, false],
    ['no-such-profile', {}, false],
  ] as const)('profile %s with meshConfig %j: %s', (profile, meshConfig, on) => {
    expect(accessLogEnabled(profile, meshConfig)).toBe(on);
  });
});
