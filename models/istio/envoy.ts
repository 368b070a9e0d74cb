// What a sidecar's Envoy (Istio 1.28) says when it cannot reach an upstream (W-5.6): its local 503
// replies, how long Istio's default retry policy takes to give up, its default TEXT access log line,
// and whether that log is on at all. Facts are pinned to upstream sources in the comments below.
//
// Versions: Istio 1.28.0 pins istio/proxy 50c73beaed93 (istio.deps), which pins Envoy da2e9e1732ec
// (istio/proxy WORKSPACE, commit date 2025-10-23, the Envoy 1.36 line); 1.28.10 pins proxy 6aa6f06f5c5f.

export type EnvoyFailureKind = 'connect-failure' | 'connect-timeout' | 'no-healthy-upstream';

export interface EnvoyLocalReply {
  status: number;
  /** The HTTP/1.1 reason phrase Envoy's codec writes for `status`. */
  reason: string;
  /** In the order Envoy emits them on an HTTP/1.1 connection. */
  headers: Array<[string, string]>;
  /** Exactly what `curl -s` prints: no trailing newline. */
  body: string;
  /** `%RESPONSE_FLAGS%`. */
  responseFlags: string;
  /** `%RESPONSE_CODE_DETAILS%`. */
  responseCodeDetails: string;
  /** The raw upstream transport failure reason ('' when Envoy has none). */
  transportFailureReason: string;
}

export interface EnvoyLocalReplyOptions {
  /** IMF-fixdate for the `date` header (see `httpDate`); without it no `date` header is emitted. */
  dateHttp?: string;
  /** False when the route has no retry policy (e.g. a VirtualService with `retries.attempts: 0`). */
  retried?: boolean;
}

/**
 * The 503 Envoy sends itself when no upstream response arrives.
 *
 * `detail` is the strerror text of a failed non-blocking connect, default `No route to host`
 * (EHOSTUNREACH after the kernel's ARP attempts fail). Only `connect-failure` carries it: a connect
 * time-out or an empty cluster has no transport failure reason, so it is ignored there.
 *
 * Sources (Envoy):
 * - source/common/network/connection_impl.cc onWriteReady: a non-zero SO_ERROR becomes the failure
 *   reason "delayed connect error: " + errorDetails(errno), and the socket closes as RemoteClose;
 *   errorDetails (source/common/common/utility.cc) is strerror() on POSIX, so 113 reads
 *   "No route to host" (older Envoys printed the bare number, e.g. "delayed connect error: 113").
 * - source/common/conn_pool/conn_pool_base.cc onConnectionEvent: RemoteClose while connecting is
 *   PoolFailureReason::RemoteConnectionFailure; a fired connect timer (onConnectTimeout, timed_out_)
 *   is PoolFailureReason::Timeout, with no transport failure reason (the socket was closed locally).
 * - source/common/router/upstream_request.cc onPoolFailure maps those to the stream reset reasons
 *   RemoteConnectionFailure / ConnectionTimeout; source/common/http/utility.cc resetReasonToString
 *   names them "remote connection failure" / "connection timeout".
 * - source/common/router/router.cc onUpstreamReset builds the body ("retried and the latest " only
 *   once a retry happened, ", transport failure reason: …" only when there is one) and the details
 *   `upstream_reset_before_response_started{<reason>|<transport reason>}` with every blank turned
 *   into `_` (StringUtil::replaceAllEmptySpace); streamResetReasonToResponseFlag maps both reset
 *   reasons to UF; maybeRetryReset adds URX when the retry budget is spent.
 * - router.cc sendNoHealthyUpstreamResponse: 503 "no healthy upstream", flag UH, details
 *   `no_healthy_upstream` (StreamInfo::ResponseCodeDetails), sent before any connection is tried.
 * - Headers: sendLocalReply sets content-length and content-type text/plain for a non-empty body;
 *   the HTTP connection manager's encodeHeaders then adds date and, with OVERWRITE, server. Istio's
 *   outbound sidecar listener keeps Envoy's default server name "envoy" (istio/istio
 *   pilot/pkg/networking/util/proxy_headers.go: inbound uses "istio-envoy", outbound "").
 */
export function envoyLocalReply(
  kind: EnvoyFailureKind,
  detail?: string,
  options: EnvoyLocalReplyOptions = {},
): EnvoyLocalReply {
  if (kind === 'no-healthy-upstream') {
    return reply('no healthy upstream', 'UH', 'no_healthy_upstream', '', options);
  }
  const resetReason = kind === 'connect-failure' ? 'remote connection failure' : 'connection timeout';
  const transportFailureReason = kind === 'connect-failure' ? `delayed connect error: ${detail ?? 'No route to host'}` : '';
  const retried = options.retried ?? true;
  const body =
    'upstream connect error or disconnect/reset before headers. ' +
    (retried ? 'retried and the latest ' : '') +
    `reset reason: ${resetReason}` +
    (transportFailureReason ? `, transport failure reason: ${transportFailureReason}` : '');
  const details = blanksToUnderscores(
    `upstream_reset_before_response_started{${resetReason}${transportFailureReason ? `|${transportFailureReason}` : ''}}`,
  );
  return reply(body, retried ? 'UF,URX' : 'UF', details, transportFailureReason, options);
}

function reply(body: string, flags: string, details: string, transport: string, options: EnvoyLocalReplyOptions): EnvoyLocalReply {
  const headers: Array<[string, string]> = [
    ['content-length', String(Buffer.byteLength(body))],
    ['content-type', 'text/plain'],
  ];
  if (options.dateHttp !== undefined) headers.push(['date', options.dateHttp]);
  headers.push(['server', 'envoy']);
  return {
    status: 503,
    reason: 'Service Unavailable',
    headers,
    body,
    responseFlags: flags,
    responseCodeDetails: details,
    transportFailureReason: transport,
  };
}

/** The `date` header's IMF-fixdate (`Mon, 22 Dec 2025 15:26:00 GMT`) at virtual time `timeMs`. */
export function httpDate(epochIso: string, timeMs: number): string {
  return new Date(epochMs(epochIso) + timeMs).toUTCString();
}

/**
 * Istio's default route retry policy (istio/istio pilot/pkg/networking/core/route/retry/retry.go
 * defaultPolicy): 2 retries, i.e. three tries in all, with previous-hosts host predicate and 5 host
 * selection attempts. No per-try timeout and no route timeout (route.go setTimeout: Notimeout).
 */
export const ISTIO_DEFAULT_RETRY_POLICY = {
  numRetries: 2,
  retryOn: ['connect-failure', 'refused-stream', 'unavailable', 'cancelled', 'retriable-status-codes'],
  hostSelectionRetryMaxAttempts: 5,
} as const;

/** meshConfig.connectTimeout default (istio/istio pkg/config/mesh/mesh.go DefaultMeshConfig). */
export const ISTIO_DEFAULT_CONNECT_TIMEOUT_MS = 10_000;

/**
 * Upper bounds (exclusive) of the jittered back-off before retry 1 and retry 2: Envoy's router
 * default base interval is 25 ms and JitteredExponentialBackOffStrategy::nextBackOffMs
 * (source/common/common/backoff_strategy.cc) draws uniformly from [0, interval), doubling each time.
 */
export const ENVOY_RETRY_BACKOFF_LIMITS_MS = [25, 50] as const;

/**
 * Virtual ms from the request to Envoy's 503 under Istio's default retry policy.
 * `connect-failure` and `connect-timeout` are both retried (Envoy router/retry_state_impl.cc: local
 * or remote connection failure and connection timeout count as connect-failure), so three tries of
 * `perTryConnectMs` each — ≈ 9 s for three 3 s EHOSTUNREACH tries, ≈ 30 s for three 10 s connect
 * time-outs (W-5.6) — plus the two back-offs, which a caller draws from its seeded stream (default
 * 0). `no-healthy-upstream` is answered before any connection is tried: 0.
 */
export function envoyRetryTiming(
  kind: EnvoyFailureKind,
  perTryConnectMs: number,
  backoffsMs: readonly [number, number] = [0, 0],
): number {
  if (kind === 'no-healthy-upstream') return 0;
  if (!Number.isFinite(perTryConnectMs) || perTryConnectMs < 0) {
    throw new Error(`envoyRetryTiming: per-try connect time must be a non-negative number of ms: ${perTryConnectMs}`);
  }
  backoffsMs.forEach((ms, i) => {
    const limit = ENVOY_RETRY_BACKOFF_LIMITS_MS[i]!;
    if (!Number.isInteger(ms) || ms < 0 || ms >= limit) {
      throw new Error(`envoyRetryTiming: back-off ${i + 1} must be a whole ms in [0, ${limit}): ${ms}`);
    }
  });
  const tries = ISTIO_DEFAULT_RETRY_POLICY.numRetries + 1;
  return tries * perTryConnectMs + backoffsMs[0] + backoffsMs[1];
}

/** `outbound|<port>|<subset>|<host>` (istio/istio pilot/pkg/model/service.go BuildSubsetKey). */
export function outboundClusterName(port: number, hostname: string, subset = ''): string {
  return `outbound|${port}|${subset}|${hostname}`;
}

/** `inbound|<port>||` (service.go BuildInboundSubsetKey: no subset, no hostname). */
export function inboundClusterName(port: number): string {
  return `inbound|${port}||`;
}

/** One request as Envoy's default TEXT access log sees it. Absent or empty values print `-`. */
export interface EnvoyAccessLogRecord {
  /** Wall-clock instant of virtual time 0, RFC 3339. */
  epochIso: string;
  /** Virtual time the downstream request started, integer ms. */
  startMs: number;
  method?: string;
  /** Printed for `%REQ(X-ENVOY-ORIGINAL-PATH?:PATH)%`: the original path when a rewrite happened. */
  path?: string;
  /** `HTTP/1.1`, `HTTP/2`… */
  protocol?: string;
  /** 0 when no response was sent. */
  responseCode: number;
  responseFlags?: string;
  responseCodeDetails?: string;
  connectionTerminationDetails?: string;
  /** Raw, as in `EnvoyLocalReply.transportFailureReason`; blanks print as `_`. */
  upstreamTransportFailureReason?: string;
  bytesReceived: number;
  bytesSent: number;
  durationMs: number;
  /** The upstream's `x-envoy-upstream-service-time`; absent for a local reply. */
  upstreamServiceTimeMs?: number;
  xForwardedFor?: string;
  userAgent?: string;
  requestId?: string;
  authority?: string;
  upstreamHost?: string;
  upstreamCluster?: string;
  upstreamLocalAddress?: string;
  downstreamLocalAddress?: string;
  downstreamRemoteAddress?: string;
  requestedServerName?: string;
  routeName?: string;
}

/**
 * One line of Istio's default TEXT access log, without its trailing newline. The field order and
 * quoting follow EnvoyTextLogFormat in istio/istio pilot/pkg/model/telemetry_logging.go (1.28; used
 * when meshConfig.accessLogFormat is empty, accessLogEncoding TEXT being the default). Envoy prints
 * `-` for a missing value (quoted where the format quotes it), START_TIME as
 * `%Y-%m-%dT%H:%M:%E3SZ`, and UPSTREAM_TRANSPORT_FAILURE_REASON with spaces as `_`
 * (source/common/formatter/stream_info_formatter.cc).
 */
export function formatEnvoyAccessLog(r: EnvoyAccessLogRecord): string {
  if (!Number.isInteger(r.startMs)) throw new Error(`formatEnvoyAccessLog: start must be whole ms: ${r.startMs}`);
  const start = new Date(epochMs(r.epochIso) + r.startMs).toISOString();
  const q = (value: string | number | undefined) => `"${dash(value)}"`;
  const transport = r.upstreamTransportFailureReason?.replace(/ /g, '_');
  return [
    `[${start}]`,
    `"${dash(r.method)} ${dash(r.path)} ${dash(r.protocol)}"`,
    String(r.responseCode),
    dash(r.responseFlags),
    dash(r.responseCodeDetails === undefined ? undefined : blanksToUnderscores(r.responseCodeDetails)),
    dash(r.connectionTerminationDetails),
    q(transport),
    String(r.bytesReceived),
    String(r.bytesSent),
    String(Math.trunc(r.durationMs)),
    dash(r.upstreamServiceTimeMs),
    q(r.xForwardedFor),
    q(r.userAgent),
    q(r.requestId),
    q(r.authority),
    q(r.upstreamHost),
    dash(r.upstreamCluster),
    dash(r.upstreamLocalAddress),
    dash(r.downstreamLocalAddress),
    dash(r.downstreamRemoteAddress),
    dash(r.requestedServerName),
    dash(r.routeName),
  ].join(' ');
}

/**
 * Profiles whose own values turn the Envoy access log on. Istio's `meshConfig.accessLogFile`
 * defaults to "" (off: istio/istio pkg/config/mesh/mesh.go DefaultMeshConfig). Only the demo profile
 * sets it to /dev/stdout (istio/istio manifests/helm-profiles/demo.yaml, copied into every chart's
 * files/profile-demo.yaml); default, ambient, openshift, openshift-ambient, minimal, preview,
 * remote, stable and empty do not. The Sail operator's profiles
 * (istio-ecosystem/sail-operator resources/v1.28.x/profiles/<profile>.yaml) only select a chart profile
 * and platform, so the same holds under Sail.
 */
export const ACCESS_LOG_ON_BY_DEFAULT: Readonly<Record<string, boolean>> = {
  default: false,
  demo: true,
  ambient: false,
  openshift: false,
  'openshift-ambient': false,
  minimal: false,
  preview: false,
  remote: false,
  stable: false,
  empty: false,
};

/**
 * Whether sidecars write the default access log to stdout: an explicit `meshConfig.accessLogFile`
 * (from the Istio CR's `spec.values.meshConfig`) wins, empty meaning off; otherwise the profile
 * decides. (The Telemetry API can also turn logging on; that is not modelled here.)
 */
export function accessLogEnabled(profile: string | undefined, meshConfig: Record<string, unknown> | undefined): boolean {
  const file = meshConfig?.['accessLogFile'];
  if (typeof file === 'string') return file !== '';
  return ACCESS_LOG_ON_BY_DEFAULT[profile ?? 'default'] ?? false;
}

function dash(value: string | number | undefined): string {
  return value === undefined || value === '' ? '-' : String(value);
}

function blanksToUnderscores(text: string): string {
  return text.replace(/[ \t\f\v\n\r]/g, '_');
}

function epochMs(epochIso: string): number {
  const ms = Date.parse(epochIso);
  if (Number.isNaN(ms)) throw new Error(`not an RFC 3339 time: ${epochIso}`);
  return ms;
}
