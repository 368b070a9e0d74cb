// ztunnel's data path (W-5.5): the outbound proxy that captured the app's connection picks an
// endpoint workload and dials it (HBONE to :15008, or plain TCP) from inside the source pod's network
// namespace, so OVN-K's rules apply (W-4); the destination's ztunnel then delivers to the app.
import type { Rng } from '../controller.js';
import { hasNamedTarget } from '../kube/find-port.js';
import type { Pod, Service } from '../kube/types.js';
import { unresolvedTargetPortLine } from '../kube/unresolved-target-port.js';
import type { StoreView } from '../store-view.js';
import { podName, connectToIp, type ReachContext } from '../net/reachability.js';
import { sourceIpFor, type PodNets } from '../net/address-book.js';
import { answerText, requestText, serve } from '../net/apps.js';
import { plainTcpRequest } from '../net/plain-tcp.js';
import type { CurlRequest } from '../net/curl.js';
import type { LogLine, PathResult } from '../net/path-result.js';
import { formatAccessLogLine, type AccessLogRecord } from './access-log.js';
import { currentIstio } from './istiod-controller.js';
import { ZTUNNEL_CONFIG, type ZtunnelConfig } from './ztunnel-config.js';
import type { AmbientSnapshot, ZtunnelService, ZtunnelWorkload } from './workload-types.js';
import { REDIRECTION_ANNOTATION } from './types.js';
import { indexSnapshot } from './snapshot-index.js';
import { provenanceOf } from './ambient-index.js';

export interface ZtunnelPathInput {
  src: PodNets;
  dstIp: string;
  dstPort: number;
  request: CurlRequest;
  atMs: number;
  epochIso: string;
  reach: ReachContext;
  rng: Rng;
}

const identity = (w: ZtunnelWorkload) => `spiffe://${w.trustDomain}/ns/${w.namespace}/sa/${w.serviceAccount}`;
const ephemeralPort = (rng: Rng) => 32768 + rng.nextInt(28232);

export function ztunnelConfigOn(view: StoreView, node: string | undefined): ZtunnelConfig | undefined {
  return node ? view.get<ZtunnelConfig>(ZTUNNEL_CONFIG, node) : undefined;
}

function logSource(config: ZtunnelConfig): string {
  return `${config.spec.ztunnelPod} (${config.spec.node})`;
}

export function ztunnelOutbound(input: ZtunnelPathInput, config: ZtunnelConfig): PathResult {
  const { src, dstIp, dstPort, rng, reach } = input;
  const snapshot = config.spec.push.snapshot;
  const pod = src.pod;
  // The app's own socket to the original destination: its source is what routing picks for that address.
  const srcIp = sourceIpFor(src, dstIp, reach.cluster);
  const stamp = (durationMs: number) => ({ timeMs: input.atMs + durationMs, epochIso: input.epochIso, microsOffset: rng.nextInt(1000) });
  const srcAddr = `${srcIp}:${ephemeralPort(rng)}`;
  const why: string[] = [`${podName(src)} is enrolled in ambient (annotation ${REDIRECTION_ANNOTATION}=enabled): ztunnel ${config.spec.ztunnelPod} on ${config.spec.node} captures its connection to ${dstIp}:${dstPort}; the app's own connect succeeds (W-5.5)`];
  const index = indexSnapshot(snapshot);
  const srcWorkload = index.byName.get(`${pod.metadata.namespace}/${pod.metadata.name}`);
  const fail = (durationMs: number, error: string, verdict: PathResult['verdict'], extra: Partial<AccessLogRecord> = {}, more: string[] = []): PathResult => ({
    outcome: { kind: 'reset' },
    durationMs,
    verdict,
    dialed: extra.dstAddr ?? null,
    dialedNetwork: null,
    logs: [{ source: logSource(config), line: formatAccessLogLine({ ...stamp(durationMs), level: 'error', srcAddr, dstAddr: `${dstIp}:${dstPort}`, direction: 'outbound', bytesSent: 0, bytesRecv: 0, durationMs, error, ...extra }) }],
    why: [...why, ...more, `ztunnel drops the app's socket; curl, having sent its request, sees a reset: exit 56 (W-5.5, W-6)`],
  });
  if (!srcWorkload) {
    const reason = snapshot.dropped.find((d) => d.pod === podName(src))?.reason ?? `istiod sent no workload for ${podName(src)}`;
    return fail(5000, `failed to fetch information about local workload: no workload for ${podName(src)}`, 'denied', {}, [`ztunnel has no workload for the source pod (${reason}); it waits 5 s and gives up (W-5.5)`]);
  }
  const certError = certificateError(reach.view, config);
  const srcFields = { srcWorkload: srcWorkload.name, srcNamespace: srcWorkload.namespace, srcIdentity: identity(srcWorkload) };
  if (certError) return fail(1 + rng.nextInt(3), certError.error, 'denied', srcFields, certError.why);
  const service = index.byVip.get(dstIp);
  if (service) return toService(input, config, service, srcAddr, srcWorkload, why);
  const workload = index.byIp.get(dstIp);
  if (workload) {
    const provenance = provenanceOf(workload);
    const from = provenance ? `: istiod's address source ${provenance.addressSource} took it from ${provenance.from} (W-5.2)` : '';
    return dialWorkload(input, config, workload, dstIp, dstPort, undefined, srcAddr, srcWorkload, [...why, `${dstIp} is the address of workload ${workload.namespace}/${workload.name} in ztunnel's state${from}`]);
  }
  return passthrough(input, config, srcAddr, srcWorkload, why);
}

function toService(input: ZtunnelPathInput, config: ZtunnelConfig, service: ZtunnelService, srcAddr: string, srcWorkload: ZtunnelWorkload, why: string[]): PathResult {
  const snapshot = config.spec.push.snapshot;
  // ztunnel src/state.rs (load_balance, find_upstream_from_service): the endpoint's own port map
  // wins; with a service target port of 0 (named, W-5.4) an endpoint without the port is skipped.
  // istiod lists every numeric port in each workload's map, so the map alone decides here.
  const candidates = Object.values(service.endpoints)
    .filter((e) => e.status === 'Healthy' && e.port[String(input.dstPort)] !== undefined)
    .map((e) => ({ endpoint: e, workload: indexSnapshot(snapshot).byUid.get(e.workloadUid) }))
    .filter((c): c is { endpoint: typeof c.endpoint; workload: ZtunnelWorkload } => c.workload !== undefined)
    .sort((a, b) => a.workload.uid.localeCompare(b.workload.uid));
  const vipLine = `${input.dstIp}:${input.dstPort} is a VIP of service ${service.hostname} in ztunnel's state`;
  if (candidates.length === 0) {
    const line = formatAccessLogLine({ timeMs: input.atMs, epochIso: input.epochIso, microsOffset: input.rng.nextInt(1000), level: 'warn', message: 'connection failed', srcAddr, dstAddr: `${input.dstIp}:${input.dstPort}`, direction: 'outbound', error: `no healthy upstream: ${input.dstIp}:${input.dstPort}` });
    return { outcome: { kind: 'reset' }, durationMs: 0, verdict: 'no-endpoint', dialed: null, dialedNetwork: null, logs: [{ source: logSource(config), line }], why: [...why, vipLine, ...namedPortWhy(input, snapshot, service), `the service has no healthy endpoint with port ${input.dstPort} in ztunnel's state: "no healthy upstream"; the app's socket is dropped: exit 56 (W-5.5)`] };
  }
  const picked = candidates[input.rng.nextInt(candidates.length)]!;
  const family = input.dstIp.includes(':');
  const ip = picked.workload.workloadIps.includes(input.dstIp) ? input.dstIp : picked.workload.workloadIps.find((a) => a.includes(':') === family) ?? picked.workload.workloadIps[0]!;
  const targetPort = picked.endpoint.port[String(input.dstPort)]!;
  const provenance = provenanceOf(picked.workload);
  const from = provenance ? `istiod's address source ${provenance.addressSource} took ${ip} from ${provenance.from} (W-5.2)` : `address ${ip}`;
  const pickLine = `ztunnel picked endpoint workload ${picked.workload.namespace}/${picked.workload.name} (${candidates.length} healthy) and its address ${ip}: ${from}`;
  return dialWorkload(input, config, picked.workload, ip, targetPort, service, srcAddr, srcWorkload, [...why, vipLine, pickLine]);
}

/** When the Service port names its target (target port 0 in ztunnel's service), the pods whose
 * workloads carry no such port: istiod found no containerPort of that name (W-5.4). */
function namedPortWhy(input: ZtunnelPathInput, snapshot: AmbientSnapshot, service: ZtunnelService): string[] {
  const dstPort = String(input.dstPort);
  if (service.ports[dstPort] !== 0) return [];
  const view = input.reach.view;
  const kube = view.get<Service>('Service', `${service.namespace}/${service.name}`);
  const servicePort = kube?.spec.ports?.find((p) => p.port === input.dstPort);
  if (!kube || !servicePort || !hasNamedTarget(servicePort)) return [];
  const byUid = indexSnapshot(snapshot).byUid;
  const pods: Pod[] = [];
  for (const endpoint of Object.values(service.endpoints)) {
    if (endpoint.port[dstPort] !== undefined) continue;
    const workload = byUid.get(endpoint.workloadUid);
    const pod = workload ? view.get<Pod>('Pod', `${workload.namespace}/${workload.name}`) : undefined;
    if (pod) pods.push(pod);
  }
  if (pods.length === 0) return [];
  pods.sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : a.metadata.name > b.metadata.name ? 1 : 0));
  return [unresolvedTargetPortLine(kube.metadata.name, servicePort, pods, (plural) => `istiod leaves that port out of ${plural ? "those pods' workloads" : "the pod's workload"} and ztunnel's service has target port 0 for it, so ztunnel skips ${plural ? 'those endpoints' : 'that endpoint'}: there is no endpoint to send to (W-5.4, W-5.5)`)];
}

function dialWorkload(input: ZtunnelPathInput, config: ZtunnelConfig, workload: ZtunnelWorkload, ip: string, targetPort: number, service: ZtunnelService | undefined, srcAddr: string, srcWorkload: ZtunnelWorkload, why: string[]): PathResult {
  const hbone = workload.protocol === 'HBONE';
  const dialPort = hbone ? 15008 : targetPort;
  const reach = connectToIp(input.src, ip, dialPort, input.reach);
  const dstNetwork = reach.kind === 'delivered' ? reach.holder.iface.network : (reach.dstNetwork ?? null);
  const fields: Partial<AccessLogRecord> = {
    srcWorkload: srcWorkload.name,
    srcNamespace: srcWorkload.namespace,
    ...(hbone ? { srcIdentity: identity(srcWorkload) } : {}),
    dstAddr: `${ip}:${dialPort}`,
    ...(hbone ? { dstHboneAddr: `${ip}:${targetPort}` } : {}),
    ...(service ? { dstService: service.hostname } : {}),
    dstWorkload: workload.name,
    dstNamespace: workload.namespace,
    ...(hbone ? { dstIdentity: identity(workload) } : {}),
  };
  const dialLine = hbone
    ? `workload ${workload.namespace}/${workload.name} speaks HBONE: ztunnel dials ${ip}:15008 from inside ${podName(input.src)}'s network namespace, CONNECT authority ${ip}:${targetPort} (W-5.5)`
    : `workload ${workload.namespace}/${workload.name} is TCP (not enrolled): ztunnel dials ${ip}:${targetPort} directly from inside ${podName(input.src)}'s network namespace (W-5.5)`;
  const base = { dialed: `${ip}:${dialPort}`, dialedNetwork: dstNetwork };
  const failLine = (durationMs: number, error: string) => ({ source: logSource(config), line: formatAccessLogLine({ timeMs: input.atMs + durationMs, epochIso: input.epochIso, microsOffset: input.rng.nextInt(1000), level: 'error', srcAddr, direction: 'outbound', bytesSent: 0, bytesRecv: 0, durationMs, error, dstAddr: `${ip}:${dialPort}`, ...fields }) });
  const resetWhy = `ztunnel drops the app's socket; curl, having sent its request, sees a reset: exit 56 (W-5.5, W-6)`;
  if (reach.kind === 'unreachable') {
    const durationMs = 3000 + input.rng.nextInt(120);
    return { ...base, outcome: { kind: 'reset' }, durationMs, verdict: 'unreachable', logs: [failLine(durationMs, 'io error: No route to host (os error 113)')], why: [...why, dialLine, ...reach.why, resetWhy] };
  }
  if (reach.kind === 'timeout') {
    const error = hbone ? 'connection timed out, maybe a NetworkPolicy is blocking HBONE port 15008: deadline has elapsed' : 'io error: deadline has elapsed';
    return { ...base, outcome: { kind: 'reset' }, durationMs: 10000, verdict: 'timeout', logs: [failLine(10000, error)], why: [...why, dialLine, ...reach.why, `nothing answers within ztunnel's 10 s connect time-out (W-5.5)`, resetWhy] };
  }
  if (reach.kind === 'refused') {
    const durationMs = 1;
    return { ...base, outcome: { kind: 'reset' }, durationMs, verdict: 'refused', logs: [failLine(durationMs, 'io error: Connection refused (os error 111)')], why: [...why, dialLine, ...reach.why, resetWhy] };
  }
  const dstPod = reach.holder.nets.pod;
  const inbound = hbone ? inboundZtunnel(input.reach.view, dstPod) : undefined;
  if (hbone && !inbound) {
    return { ...base, outcome: { kind: 'reset' }, durationMs: 1, verdict: 'refused', logs: [failLine(1, 'io error: Connection refused (os error 111)')], why: [...why, dialLine, ...reach.why, `nothing listens on ${ip}:15008: ${podName(reach.holder.nets)} has no ztunnel redirection in place`, resetWhy] };
  }
  const answer = serve(dstPod, targetPort, input.request, reach.srcIp, input.reach.cluster.epochMs + input.atMs);
  if (!answer) {
    return { ...base, outcome: { kind: 'reset' }, durationMs: 1, verdict: 'refused', logs: [failLine(1, 'io error: Connection refused (os error 111)')], why: [...why, dialLine, ...reach.why, `nothing in ${podName(reach.holder.nets)} listens on port ${targetPort}`, resetWhy] };
  }
  const sent = Buffer.byteLength(requestText(input.request));
  const recv = Buffer.byteLength(answerText(answer));
  const durationMs = 1 + input.rng.nextInt(3);
  const logs: LogLine[] = [{ source: logSource(config), line: formatAccessLogLine({ timeMs: input.atMs + durationMs, epochIso: input.epochIso, microsOffset: input.rng.nextInt(1000), level: 'info', srcAddr, direction: 'outbound', bytesSent: sent, bytesRecv: recv, durationMs, ...fields, dstAddr: `${ip}:${dialPort}` }) }];
  if (inbound) {
    const snapshot = inbound.spec.push.snapshot;
    const byIp = indexSnapshot(snapshot).byIp.get(reach.srcIp);
    const inDuration = Math.max(0, durationMs - 1);
    logs.push({
      source: logSource(inbound),
      line: formatAccessLogLine({
        timeMs: input.atMs + inDuration, epochIso: input.epochIso, microsOffset: input.rng.nextInt(1000), level: 'info', direction: 'inbound',
        srcAddr: `${reach.srcIp}:${ephemeralPort(input.rng)}`,
        srcWorkload: byIp?.name ?? srcWorkload.canonicalName,
        srcNamespace: srcWorkload.namespace, srcIdentity: identity(srcWorkload),
        dstAddr: `${ip}:15008`, dstHboneAddr: `${ip}:${targetPort}`, ...(service ? { dstService: service.hostname } : {}),
        dstWorkload: workload.name, dstNamespace: workload.namespace, dstIdentity: identity(workload),
        bytesSent: recv, bytesRecv: sent, durationMs: inDuration,
      }),
    });
  }
  const delivered = `${podName(reach.holder.nets)} answers HTTP ${answer.status}; the client's source address as the app sees it is ${reach.srcIp} (W-5.5, W-6)`;
  return { ...base, outcome: { kind: 'answer', answer }, durationMs, verdict: 'delivered', logs, why: [...why, dialLine, ...reach.why, ...(inbound ? [`ztunnel on ${inbound.spec.node} accepts the HBONE CONNECT (authority ${ip}:${targetPort} matches the address it arrived on) and connects to the app`] : []), delivered] };
}

function passthrough(input: ZtunnelPathInput, config: ZtunnelConfig, srcAddr: string, srcWorkload: ZtunnelWorkload, why: string[]): PathResult {
  const result = plainTcpRequest(input.src, input.dstIp, input.dstPort, input.request, input.reach, { timeoutMs: 10_000, serviceLb: false });
  const line = formatAccessLogLine({ timeMs: input.atMs + result.durationMs, epochIso: input.epochIso, microsOffset: input.rng.nextInt(1000), level: result.answer ? 'info' : 'error', srcAddr, srcWorkload: srcWorkload.name, srcNamespace: srcWorkload.namespace, dstAddr: `${input.dstIp}:${input.dstPort}`, direction: 'outbound', bytesSent: 0, bytesRecv: 0, durationMs: result.durationMs, ...(result.ioError ? { error: result.ioError } : {}) });
  const outcome: PathResult['outcome'] = result.answer ? { kind: 'answer', answer: result.answer } : { kind: 'reset' };
  return {
    outcome, durationMs: result.durationMs, verdict: result.verdict, dialed: result.dialed, dialedNetwork: result.dialedNetwork,
    logs: [{ source: logSource(config), line }],
    why: [...why, `${input.dstIp} is neither a VIP nor a workload ztunnel knows: passthrough to the original address (W-5.5)`, ...result.why],
  };
}

function inboundZtunnel(view: StoreView, pod: Pod): ZtunnelConfig | undefined {
  if (pod.metadata.annotations?.[REDIRECTION_ANNOTATION] !== 'enabled') return undefined;
  return ztunnelConfigOn(view, pod.spec.nodeName);
}

/** W-5.1: istiod's CA lets only CA_TRUSTED_NODE_ACCOUNTS impersonate; a ztunnel elsewhere gets no certificate. */
function certificateError(view: StoreView, config: ZtunnelConfig): { error: string; why: string[] } | undefined {
  const trusted = currentIstio(view)?.spec?.values?.pilot?.trustedZtunnelNamespace ?? 'kube-system';
  const ztunnelNs = config.spec.ztunnelPod.split('/')[0];
  if (trusted === ztunnelNs) return undefined;
  return {
    error: 'identity error: signing gRPC error (The request does not have valid authentication credentials): request impersonation authentication failure',
    why: [`istiod trusts CA_TRUSTED_NODE_ACCOUNTS=${trusted}/ztunnel but ztunnel runs in namespace ${ztunnelNs}: it cannot fetch the workload certificate, nothing is dialled (W-5.1)`],
  };
}
