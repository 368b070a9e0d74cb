// A sidecar's outbound path (W-5.6): curl's connection is captured by the pod's Envoy, which load-
// balances over the endpoints istiod's EDS took from the slices carrying its service label, dials
// one from the pod's network namespace (W-4), retries twice on a connect failure, and answers 503
// itself when nothing works. sidecar → ambient over HBONE is not modelled (plain TCP instead).
import type { Rng } from '../controller.js';
import type { EndpointSlice, Pod, Service, ServicePort } from '../kube/types.js';
import { podsWithoutTargetPort, unresolvedTargetPortLine } from '../kube/unresolved-target-port.js';
import { podServiceAccount } from '../kube/pods.js';
import { sourceIpFor, type PodNets } from '../net/address-book.js';
import { CURL_USER_AGENT, serve } from '../net/apps.js';
import type { CurlRequest } from '../net/curl.js';
import type { PathResult } from '../net/path-result.js';
import { connectToIp, podName, type ReachContext } from '../net/reachability.js';
import { accessLogEnabled, envoyLocalReply, envoyRetryTiming, formatEnvoyAccessLog, ISTIO_DEFAULT_CONNECT_TIMEOUT_MS } from './envoy.js';
import { plainTcpRequest } from '../net/plain-tcp.js';
import { currentIstio } from './istiod-controller.js';
import { hasSidecar } from './sidecar-injector.js';
import { REDIRECTION_ANNOTATION } from './types.js';

export interface EnvoyPathInput {
  atMs: number;
  epochIso: string;
  src: PodNets;
  dstIp: string;
  dstPort: number;
  request: CurlRequest;
  reach: ReachContext;
  rng: Rng;
  /** The EDS service label of this istiod build (W-5.2). */
  serviceLabel: string;
}

interface EdsEndpoint {
  ip: string;
  port: number;
  slice: string;
}

/** What Envoy's access log needs beyond the path's outcome. */
interface Upstream {
  cluster?: string;
  host?: string;
  reply?: ReturnType<typeof envoyLocalReply>;
}

/** The outbound path, plus the sidecar's access-log line when the mesh logs (off by default, W-5.6). */
export function envoyOutbound(input: EnvoyPathInput): PathResult {
  const { path, upstream } = outbound(input);
  const istio = currentIstio(input.reach.view);
  const meshConfig = istio?.spec?.values?.['meshConfig'] as Record<string, unknown> | undefined;
  if (!accessLogEnabled(istio?.spec?.profile, meshConfig)) return path;
  const answer = path.outcome.kind === 'answer' ? path.outcome.answer : undefined;
  const request = input.request;
  const line = formatEnvoyAccessLog({
    epochIso: input.epochIso,
    startMs: input.atMs,
    method: request.method,
    path: request.path,
    protocol: 'HTTP/1.1',
    responseCode: answer?.status ?? 0,
    responseFlags: upstream.reply?.responseFlags ?? (answer ? '-' : 'UF'),
    responseCodeDetails: upstream.reply?.responseCodeDetails ?? (answer ? 'via_upstream' : undefined),
    upstreamTransportFailureReason: upstream.reply?.transportFailureReason,
    bytesReceived: 0,
    bytesSent: answer ? Buffer.byteLength(answer.body) : 0,
    durationMs: path.durationMs,
    ...(answer && !upstream.reply ? { upstreamServiceTimeMs: Math.max(1, path.durationMs - 1) } : {}),
    userAgent: CURL_USER_AGENT,
    requestId: uuid(input.rng),
    authority: request.port === 80 ? request.host : `${request.host}:${request.port}`,
    upstreamHost: upstream.host,
    upstreamCluster: upstream.cluster ?? 'PassthroughCluster',
    upstreamLocalAddress: upstream.host ? `${sourceIpFor(input.src, upstream.host.split(':')[0]!, input.reach.cluster)}:${32768 + input.rng.nextInt(28232)}` : undefined,
    downstreamLocalAddress: `${input.dstIp}:${input.dstPort}`,
    downstreamRemoteAddress: `${sourceIpFor(input.src, input.dstIp, input.reach.cluster)}:${32768 + input.rng.nextInt(28232)}`,
    routeName: 'default',
  });
  return { ...path, logs: [...path.logs, { source: `${podName(input.src)} istio-proxy`, line }] };
}

function uuid(rng: Rng): string {
  const hex = (n: number) => Array.from({ length: n }, () => rng.nextInt(16).toString(16)).join('');
  return `${hex(8)}-${hex(4)}-4${hex(3)}-${'89ab'[rng.nextInt(4)]}${hex(3)}-${hex(12)}`;
}

function outbound(input: EnvoyPathInput): { path: PathResult; upstream: Upstream } {
  const { src, dstIp, dstPort, reach } = input;
  const why = [`${podName(src)} has an Envoy sidecar (annotation sidecar.istio.io/status): it captures curl's connection to ${dstIp}:${dstPort} (W-5.6)`];
  const service = reach.serviceByVip.get(dstIp);
  if (!service) return { path: passthrough(input, why), upstream: {} };
  const ns = service.metadata.namespace ?? 'default';
  const cluster = `outbound|${dstPort}||${service.metadata.name}.${ns}.svc.${reach.cluster.clusterDomain}`;
  const servicePort = (service.spec.ports ?? []).find((p) => p.port === dstPort);
  const slices = edsSlices(reach, service, input.serviceLabel);
  const endpoints = servicePort ? edsEndpoints(slices, servicePort.name ?? '') : [];
  if (endpoints.length === 0) {
    const emptyWhy = `EDS for ${cluster} is empty: istiod selects EndpointSlices labelled ${input.serviceLabel}=${service.metadata.name} in ${ns} and finds no ready endpoint (W-5.6, W-5.2)`;
    const reply = envoyLocalReply('no-healthy-upstream');
    return { upstream: { cluster, reply }, path: {
      outcome: { kind: 'answer', answer: { status: reply.status, reason: 'Service Unavailable', headers: reply.headers, body: reply.body } },
      durationMs: 1 + envoyRetryTiming('no-healthy-upstream', 0), verdict: 'no-endpoint', dialed: null, dialedNetwork: null, logs: [],
      why: [...why, ...(servicePort ? emptyEdsWhy(reach, service, servicePort, slices, cluster, emptyWhy) : [emptyWhy]), `Envoy answers 503 "no healthy upstream" at once; curl exits 0 with that body (W-5.6, W-6)`],
    } };
  }
  const endpoint = endpoints[input.rng.nextInt(endpoints.length)]!;
  const picked = `Envoy cluster ${cluster} has ${endpoints.length} endpoint(s) from EndpointSlices labelled ${input.serviceLabel}=${service.metadata.name}; it picks ${endpoint.ip}:${endpoint.port} from ${ns}/${endpoint.slice} (W-5.6)`;
  const result = connectToIp(src, endpoint.ip, endpoint.port, reach);
  const dialed = `${endpoint.ip}:${endpoint.port}`;
  if (result.kind !== 'delivered') {
    const failure = result.kind === 'timeout' ? 'connect-timeout' : 'connect-failure';
    const detail = result.kind === 'refused' ? 'Connection refused' : 'No route to host';
    const reply = envoyLocalReply(failure, detail);
    const upstream = { cluster, host: dialed, reply };
    const durationMs = envoyRetryTiming(failure, result.kind === 'unreachable' ? 3000 + input.rng.nextInt(120) : result.kind === 'timeout' ? 10000 : 1, [input.rng.nextInt(25), input.rng.nextInt(50)]);
    return { upstream, path: {
      outcome: { kind: 'answer', answer: { status: reply.status, reason: 'Service Unavailable', headers: reply.headers, body: reply.body } },
      durationMs, verdict: result.kind, dialed, dialedNetwork: result.dstNetwork ?? null, logs: [],
      why: [...why, picked, ...result.why, `Istio's default retry policy tries twice more, then Envoy answers 503 after ${durationMs} ms; curl exits 0 and prints the body (W-5.6, W-6)`],
    } };
  }
  const dstPod = result.holder.nets.pod;
  const inboundWhy = hasSidecar(dstPod)
    ? `${podName(result.holder.nets)}'s sidecar accepts the mTLS connection on its inbound listener and hands it to the app from 127.0.0.6`
    : dstPod.metadata.annotations?.[REDIRECTION_ANNOTATION] === 'enabled'
      ? `${podName(result.holder.nets)} is in ambient: sidecar → ambient over HBONE is not modelled, so this is modelled as plain TCP to the app (out of scope, W-5.6)`
      : `${podName(result.holder.nets)} has no proxy: plain TCP to the app`;
  const sourceIp = hasSidecar(dstPod) ? '127.0.0.6' : result.srcIp;
  const request = hasSidecar(dstPod) ? withMeshHeaders(input.request, src.pod, dstPod, input.rng) : input.request;
  const answer = serve(dstPod, endpoint.port, request, sourceIp, input.reach.cluster.epochMs + input.atMs);
  if (!answer) {
    const reply = envoyLocalReply('connect-failure', 'Connection refused');
    return { upstream: { cluster, host: dialed, reply }, path: { outcome: { kind: 'answer', answer: { status: reply.status, reason: 'Service Unavailable', headers: reply.headers, body: reply.body } }, durationMs: envoyRetryTiming('connect-failure', 1), verdict: 'refused', dialed, dialedNetwork: result.holder.iface.network, logs: [], why: [...why, picked, ...result.why, `nothing listens on port ${endpoint.port} in ${podName(result.holder.nets)}: Envoy answers 503`] } };
  }
  return { upstream: { cluster, host: dialed }, path: {
    outcome: { kind: 'answer', answer: { ...answer, headers: [...answer.headers.filter(([k]) => k !== 'Server'), ['server', 'envoy'], ['x-envoy-upstream-service-time', '2']] } },
    durationMs: 2 + input.rng.nextInt(3), verdict: 'delivered', dialed, dialedNetwork: result.holder.iface.network, logs: [],
    why: [...why, picked, ...result.why, inboundWhy, `${podName(result.holder.nets)} answers HTTP ${answer.status}`],
  } };
}

/** The slices istiod's EDS reads for a Service: those carrying its service label (W-5.6, W-5.2). */
function edsSlices(reach: ReachContext, service: Service, label: string): EndpointSlice[] {
  return reach.view
    .list<EndpointSlice>('EndpointSlice', service.metadata.namespace ?? 'default')
    .filter((s) => s.metadata.labels?.[label] === service.metadata.name)
    .sort((a, b) => a.metadata.name.localeCompare(b.metadata.name));
}

/** Ready endpoints of those slices for a Service port, matched by port name (W-5.6). */
function edsEndpoints(slices: readonly EndpointSlice[], portName: string): EdsEndpoint[] {
  const endpoints: EdsEndpoint[] = [];
  for (const slice of slices) {
    const port = (slice.ports ?? []).find((p) => (p.name ?? '') === portName)?.port;
    if (port === undefined) continue;
    for (const endpoint of slice.endpoints ?? []) {
      if (endpoint.conditions?.ready === false || !endpoint.addresses[0]) continue;
      endpoints.push({ ip: endpoint.addresses[0], port, slice: slice.metadata.name });
    }
  }
  return endpoints;
}

/** Why EDS is empty: pods the slices list without the port, their named targetPort unresolved
 * (W-3.1), and — when some endpoints do carry it, or none was left out — no ready endpoint. */
function emptyEdsWhy(reach: ReachContext, service: Service, servicePort: ServicePort, slices: readonly EndpointSlice[], cluster: string, noReadyLine: string): string[] {
  const pods = podsWithoutTargetPort(reach.view, slices, servicePort);
  if (pods.length === 0) return [noReadyLine];
  const portName = servicePort.name ?? '';
  const withPort = slices.some((s) => (s.ports ?? []).some((p) => (p.name ?? '') === portName) && (s.endpoints ?? []).length > 0);
  const line = unresolvedTargetPortLine(service.metadata.name, servicePort, pods, (plural) => `the EndpointSlice controller leaves that port out for ${plural ? 'those pods' : 'the pod'} (W-3.1), so EDS for ${cluster} has no endpoint to send to (W-5.6)`);
  return withPort ? [line, noReadyLine] : [line];
}

/** Headers the source sidecar and the destination sidecar add on the way (a simplified set). */
function withMeshHeaders(request: CurlRequest, src: Pod, dst: Pod, rng: Rng): CurlRequest {
  const hash = Array.from({ length: 64 }, () => rng.nextInt(16).toString(16)).join('');
  const id = (pod: Pod) => `spiffe://cluster.local/ns/${pod.metadata.namespace}/sa/${podServiceAccount(pod)}`;
  return {
    ...request,
    headers: [...request.headers, ['X-Envoy-Attempt-Count', '1'], ['X-Forwarded-Client-Cert', `By=${id(dst)};Hash=${hash};Subject="";URI=${id(src)}`]],
  };
}

function passthrough(input: EnvoyPathInput, why: string[]): PathResult {
  const result = plainTcpRequest(input.src, input.dstIp, input.dstPort, input.request, input.reach, { timeoutMs: ISTIO_DEFAULT_CONNECT_TIMEOUT_MS, serviceLb: false });
  const outcome: PathResult['outcome'] = result.answer ? { kind: 'answer', answer: result.answer } : { kind: 'reset' };
  return { outcome, durationMs: result.durationMs, verdict: result.verdict, dialed: result.dialed, dialedNetwork: result.dialedNetwork, logs: [], why: [...why, `${input.dstIp} is no Service VIP: Envoy's PassthroughCluster connects to it as it is`, ...result.why] };
}
