// One probe (`kubectl exec … -- curl …`): find the pod, resolve the name (W-4 DNS), take the path
// the bytes take — captured by ztunnel when the pod is enrolled (W-5.5), else straight through OVN
// (W-4) — and turn the outcome into curl's exit code and output (W-6).
import type { ClusterConfig } from '../cluster-config.js';
import type { Rng } from '../controller.js';
import { resolveClusterDns, type DnsAnswer } from '../kube/dns.js';
import { dnsCaptureEnabled, resolveWithZtunnel } from '../istio/ztunnel-dns.js';
import { activeNetwork } from '../ovnk/networks.js';
import { mapSelectorMatches } from '../kube/labels.js';
import type { Deployment, Pod } from '../kube/types.js';
import { REDIRECTION_ANNOTATION } from '../istio/types.js';
import { ztunnelConfigOn, ztunnelOutbound } from '../istio/ztunnel-path.js';
import { envoyOutbound } from '../istio/envoy-path.js';
import { hasSidecar } from '../istio/sidecar-injector.js';
import { AMBIENT_PUSH, type AmbientPush } from '../istio/istiod-controller.js';
import { UPSTREAM_SERVICE_LABEL } from '../istio/istiod-build.js';
import type { StoreView } from '../store-view.js';
import type { AddressBook, PodNets } from './address-book.js';
import { answerText } from './apps.js';
import { plainTcpRequest } from './plain-tcp.js';
import type { CurlRequest } from './curl.js';
import type { LogLine, PathResult, Verdict } from './path-result.js';
import { podName, type ReachContext } from './reachability.js';

export interface ProbeRequest {
  name: string;
  namespace: string;
  target: { kind: 'deploy' | 'pod'; name: string };
  command: string;
  request: CurlRequest;
  atMs: number;
}

export interface ProbeEnv {
  view: StoreView;
  cluster: ClusterConfig;
  book: AddressBook;
  serviceByVip: ReachContext['serviceByVip'];
  rng: Rng;
  epochIso: string;
}

export interface ProbeOutcome {
  name: string;
  atMs: number;
  from: string | null;
  command: string;
  exitCode: number;
  stdout: string;
  stderr: string;
  httpStatus: number | null;
  verdict: Verdict;
  dialed: string | null;
  dialedNetwork: string | null;
  /** The network the probe's pod sends from, and the one its target (Service or pod) lives on. */
  sourceNetwork: string | null;
  targetNetwork: string | null;
  durationMs: number;
  logs: LogLine[];
  why: string[];
}

export function runProbe(probe: ProbeRequest, env: ProbeEnv): ProbeOutcome {
  const base = { name: probe.name, atMs: probe.atMs, command: probe.command };
  const pod = targetPod(env.view, probe);
  const nets = pod ? env.book.byPod.get(`${pod.metadata.namespace}/${pod.metadata.name}`) : undefined;
  if (!pod || !nets) {
    const what = `${probe.target.kind === 'deploy' ? 'deployment' : 'pod'} ${probe.namespace}/${probe.target.name}`;
    return { ...base, from: null, sourceNetwork: null, targetNetwork: null, exitCode: 1, stdout: '', stderr: `error: no running pod for ${what}`, httpStatus: null, verdict: 'not-run', dialed: null, dialedNetwork: null, durationMs: 0, logs: [], why: [`${what} has no running pod with an address at ${probe.atMs} ms, so nothing was executed`] };
  }
  const from = podName(nets);
  const reach: ReachContext = { view: env.view, atMs: probe.atMs, book: env.book, cluster: env.cluster, rng: env.rng, serviceByVip: env.serviceByVip };
  const request = probe.request;
  const dns = resolveClusterDns(env.view, request.host, probe.namespace, env.cluster.clusterDomain);
  const networks = { sourceNetwork: nets.primaryNetwork, targetNetwork: targetNetworkOf(env, dns) };
  const done = (path: PathResult) => ({ ...finish(base, from, request, path), ...networks });
  const why: string[] = [];
  const config = ztunnelConfigOn(env.view, pod.spec.nodeName);
  const captured = config && dnsCaptureEnabled(env.view, pod) ? resolveWithZtunnel(config, request.host, probe.namespace, env.cluster.clusterDomain) : undefined;
  if (!captured && dns.kind === 'nxdomain') return done(dnsFailure(`cluster DNS has no record for ${request.host} (W-4)`, 50));
  const dnsBlocked = !captured && nets.primaryNetwork !== 'default' && dns.kind !== 'ip' && !env.cluster.udnAllowedDefaultServices.includes('openshift-dns/dns-default');
  if (dnsBlocked) return done(dnsFailure(`${from} is on a primary UDN and openshift-dns/dns-default is not in the UDN-allowed default services: DNS queries time out (W-4 R5; ≈10 s assumed: timeout 5 s × 2 attempts)`, 10000));
  const ips = captured ? captured.ips : dns.kind === 'nxdomain' ? [] : dns.ips;
  const dstIp = ips[0];
  if (!dstIp) return done(dnsFailure(`${request.host} resolves to no address (a headless Service with no ready endpoints) (W-4)`, 50));
  if (captured) why.push(captured.why);
  else if (dns.kind === 'service') why.push(`cluster DNS resolves ${request.host} to ${dstIp}, the ClusterIP of Service ${dns.service.metadata.namespace}/${dns.service.metadata.name} (W-4)`);
  else if (dns.kind === 'headless') why.push(`cluster DNS resolves ${request.host} to ${dns.ips.join(', ')} from the default EndpointSlices of headless Service ${dns.service.metadata.namespace}/${dns.service.metadata.name}: default-network addresses, which a primary-UDN pod cannot reach (W-4)`);
  const enrolled = pod.metadata.annotations?.[REDIRECTION_ANNOTATION] === 'enabled';
  let path: PathResult;
  if (hasSidecar(pod)) {
    const push = env.view.get<AmbientPush>(AMBIENT_PUSH, 'istiod');
    const serviceLabel = push?.spec.behaviour.endpointSliceServiceLabel ?? UPSTREAM_SERVICE_LABEL;
    path = envoyOutbound({ atMs: probe.atMs, epochIso: env.epochIso, src: nets, dstIp, dstPort: request.port, request, reach, rng: env.rng, serviceLabel });
  } else if (enrolled && config) {
    path = ztunnelOutbound({ src: nets, dstIp, dstPort: request.port, request, atMs: probe.atMs, epochIso: env.epochIso, reach, rng: env.rng }, config);
  } else {
    if (enrolled) why.push(`${from} is enrolled but its node's ztunnel holds no configuration: traffic is not captured`);
    path = directPath(nets, dstIp, request, reach);
  }
  return done({ ...path, why: [...why, ...path.why] });
}

/** The network the name's Service lives on (by its namespace), or the pod holding a literal IP. */
function targetNetworkOf(env: ProbeEnv, dns: DnsAnswer): string | null {
  if (dns.kind === 'service' || dns.kind === 'headless') {
    const active = activeNetwork(env.view, dns.service.metadata.namespace ?? 'default');
    return active.kind === 'udn' ? active.network.name : 'default';
  }
  if (dns.kind === 'ip') return env.book.byIp.get(dns.ips[0] ?? '')?.[0]?.nets.primaryNetwork ?? null;
  return null;
}

function targetPod(view: StoreView, probe: ProbeRequest): Pod | undefined {
  if (probe.target.kind === 'pod') return view.get<Pod>('Pod', `${probe.namespace}/${probe.target.name}`);
  const deployment = view.get<Deployment>('Deployment', `${probe.namespace}/${probe.target.name}`);
  if (!deployment) return undefined;
  return view
    .list<Pod>('Pod', probe.namespace)
    .filter((p) => p.status?.phase === 'Running' && !p.metadata.deletionTimestamp && mapSelectorMatches(deployment.spec.selector.matchLabels, p.metadata.labels))
    .sort((a, b) => a.metadata.name.localeCompare(b.metadata.name))[0];
}

function dnsFailure(reason: string, durationMs: number): PathResult {
  return { outcome: { kind: 'timeout' }, durationMs, verdict: 'dns-failure', dialed: null, dialedNetwork: null, logs: [], why: [reason] };
}

/** No ztunnel in the way: the socket connects through OVN from the pod's own namespace (W-4); a
 * silently dropped SYN is given up by the kernel after ≈130 s. */
function directPath(nets: PodNets, dstIp: string, request: CurlRequest, reach: ReachContext): PathResult {
  const result = plainTcpRequest(nets, dstIp, request.port, request, reach, { timeoutMs: 130_000, serviceLb: true });
  const outcome: PathResult['outcome'] = result.answer ? { kind: 'answer', answer: result.answer } : { kind: result.kind === 'answer' ? 'refused' : result.kind };
  return { outcome, durationMs: result.durationMs, verdict: result.verdict, dialed: result.dialed, dialedNetwork: result.dialedNetwork, logs: [], why: [`${podName(nets)} is not captured by a proxy: curl connects straight through OVN`, ...result.why] };
}

/** curl's view of the path's outcome (W-6), including its --max-time / --connect-timeout. */
function finish(base: { name: string; atMs: number; command: string }, from: string, request: CurlRequest, path: PathResult): Omit<ProbeOutcome, 'sourceNetwork' | 'targetNetwork'> {
  const hostPort = `${request.host} port ${request.port}`;
  let exitCode = 0;
  let stdout = '';
  let error = '';
  let durationMs = path.durationMs;
  let httpStatus: number | null = null;
  const limit = request.maxTimeMs ?? (path.outcome.kind === 'timeout' || path.outcome.kind === 'unreachable' ? request.connectTimeoutMs : undefined);
  if (path.verdict === 'dns-failure') {
    exitCode = 6;
    error = `curl: (6) Could not resolve host: ${request.host}`;
  } else if (limit !== undefined && durationMs > limit) {
    exitCode = 28;
    durationMs = limit;
    error = path.outcome.kind === 'reset' ? `curl: (28) Operation timed out after ${limit} milliseconds with 0 bytes received` : `curl: (28) Failed to connect to ${hostPort} after ${limit} ms: Timeout was reached`;
  } else if (path.outcome.kind === 'answer') {
    httpStatus = path.outcome.answer.status;
    const body = request.headOnly ? '' : request.discardBody ? '' : path.outcome.answer.body;
    stdout = (request.include || request.headOnly ? answerText({ ...path.outcome.answer, body: '' }) : '') + body;
    if (request.writeOut) stdout += request.writeOut.replace(/%\{http_code\}/g, String(httpStatus)).replace(/\\n/g, '\n');
  } else if (path.outcome.kind === 'reset') {
    exitCode = 56;
    error = 'curl: (56) Recv failure: Connection reset by peer';
  } else {
    exitCode = 7;
    error = `curl: (7) Failed to connect to ${hostPort} after ${durationMs} ms: Couldn't connect to server`;
  }
  const showError = error !== '' && (!request.silent || request.showError);
  const stderr = [showError ? error : '', exitCode !== 0 ? `command terminated with exit code ${exitCode}` : ''].filter(Boolean).join('\n');
  return { ...base, from, exitCode, stdout, stderr, httpStatus, verdict: path.verdict, dialed: path.dialed, dialedNetwork: path.dialedNetwork, durationMs, logs: path.logs, why: path.why };
}
