// W-4: what happens to a TCP connection from a socket inside a pod's network namespace — routing
// picks the interface (W-2.5), then rules R1–R9 decide; the caller sees delivered, EHOSTUNREACH after
// ≈3 s (R2), a silent drop (time-out), or a reject.
import type { ClusterConfig } from '../cluster-config.js';
import type { Rng } from '../controller.js';
import type { EndpointSlice, Service, ServicePort } from '../kube/types.js';
import { podsWithoutTargetPort, unresolvedTargetPortLine } from '../kube/unresolved-target-port.js';
import { ENDPOINTSLICE_CONTROLLER, MANAGED_BY_LABEL, SERVICE_NAME_LABEL } from '../kube/endpointslice-controller.js';
import { activeNetwork } from '../ovnk/networks.js';
import { openDefaultPorts } from '../ovnk/open-ports.js';
import { OVN_SERVICE_NAME_LABEL, SLICE_NETWORK_ANNOTATION } from '../ovnk/endpointslice-mirror.js';
import { DEFAULT_NETWORK } from '../ovnk/types.js';
import type { StoreView } from '../store-view.js';
import { routeFor, sourceIpFor, type AddressBook, type Holder, type PodNets } from './address-book.js';

export type Reach =
  | { kind: 'delivered'; holder: Holder; dstIp: string; dstPort: number; rule: string; why: string[]; srcIp: string }
  | Failed<'unreachable'>
  | Failed<'timeout'>
  | Failed<'refused'>;

interface Failed<K extends string> {
  kind: K;
  dstIp: string;
  dstPort: number;
  rule: string;
  why: string[];
  srcIp: string;
  dstNetwork?: string;
}

export interface ReachContext {
  view: StoreView;
  /** The moment of the probe (virtual ms): what the apps answer is stamped with it. */
  atMs: number;
  book: AddressBook;
  cluster: ClusterConfig;
  rng: Rng;
  serviceByVip: Map<string, Service>;
}

export function buildServiceVipIndex(view: StoreView): Map<string, Service> {
  const index = new Map<string, Service>();
  for (const service of view.list<Service>('Service')) {
    for (const ip of service.spec.clusterIPs ?? (service.spec.clusterIP ? [service.spec.clusterIP] : [])) {
      if (ip && ip !== 'None') index.set(ip, service);
    }
  }
  return index;
}

/** One TCP connect from `src` to `dstIp:dstPort`, with OVN's load balancers in the way for ClusterIPs. */
export function connect(src: PodNets, dstIp: string, dstPort: number, ctx: ReachContext): Reach {
  const service = ctx.serviceByVip.get(dstIp);
  if (service) return connectToService(src, service, dstIp, dstPort, ctx);
  return connectToIp(src, dstIp, dstPort, ctx);
}

export function connectToIp(src: PodNets, dstIp: string, dstPort: number, ctx: ReachContext): Reach {
  const iface = routeFor(src, dstIp, ctx.cluster);
  const srcIp = sourceIpFor(src, dstIp, ctx.cluster);
  const holders = ctx.book.byIp.get(dstIp) ?? [];
  const base = { dstIp, dstPort, srcIp };
  const route = `route to ${dstIp} from ${podName(src)} leaves via ${iface.name} (network ${iface.network}) (W-2.5)`;
  if (src.primaryNetwork !== DEFAULT_NETWORK && iface.name === 'eth0') {
    const open = openDefaultPorts(src.pod);
    if (open?.ok) {
      return { ...base, kind: 'timeout', rule: 'R2', dstNetwork: DEFAULT_NETWORK, why: [route, `R2 exception: ${podName(src)} has a valid open-default-ports annotation, so its ARP is allowed, the gateway resolves and the SYN is dropped silently: time-out (W-4 R2)`] };
    }
    return { ...base, kind: 'unreachable', rule: 'R2', dstNetwork: DEFAULT_NETWORK, why: [route, `R2: ${podName(src)} is on primary UDN ${src.primaryNetwork}; OVN's DenyPrimaryUDN ACL on its eth0 drops even the ARP for the gateway, so the connect fails with EHOSTUNREACH after three ARP tries (W-4 R2)`] };
  }
  const network = iface.role === 'secondary' ? iface.network : src.primaryNetwork;
  const sameNetwork = holders.find((h) => h.iface.network === network && h.iface.role !== 'infrastructure-locked');
  if (sameNetwork) {
    return { ...base, kind: 'delivered', holder: sameNetwork, rule: 'R1', why: [route, `R1: ${dstIp} is ${podName(sameNetwork.nets)}'s ${sameNetwork.iface.name} address on the same network ${network}: delivered (W-4 R1)`] };
  }
  const lockedEth0 = holders.find((h) => h.iface.role === 'infrastructure-locked');
  if (lockedEth0 && src.primaryNetwork === DEFAULT_NETWORK) {
    const open = openDefaultPorts(lockedEth0.nets.pod);
    if (open?.ok && open.ports.some((p) => p.protocol === 'tcp' && p.port === dstPort)) {
      return { ...base, kind: 'delivered', holder: lockedEth0, rule: 'R7', why: [route, `R7: ${dstIp} is ${podName(lockedEth0.nets)}'s eth0 on a primary UDN; tcp/${dstPort} is listed in its open-default-ports: delivered (W-4 R7)`] };
    }
    return { ...base, kind: 'timeout', rule: 'R7', dstNetwork: DEFAULT_NETWORK, why: [route, `R7: ${dstIp} is ${podName(lockedEth0.nets)}'s eth0 on a primary UDN; only its open-default-ports and kubelet probes get in, so the SYN is dropped: time-out (W-4 R7)`] };
  }
  const other = holders[0];
  if (other) {
    return { ...base, kind: 'timeout', rule: 'R6', dstNetwork: other.iface.network, why: [route, `R6: ${dstIp} belongs to ${podName(other.nets)} on network ${other.iface.network}, not ${src.primaryNetwork}; networks are isolated, the packet is dropped: time-out (W-4 R6)`] };
  }
  return { ...base, kind: 'timeout', rule: 'R6', why: [route, `no pod holds ${dstIp} on network ${src.primaryNetwork}: the packet is dropped, time-out (W-4)`] };
}

function connectToService(src: PodNets, service: Service, vip: string, port: number, ctx: ReachContext): Reach {
  const svcNs = service.metadata.namespace ?? 'default';
  const svcName = `${svcNs}/${service.metadata.name}`;
  const svcNet = activeNetwork(ctx.view, svcNs);
  const svcNetwork = svcNet.kind === 'udn' ? svcNet.network.name : DEFAULT_NETWORK;
  const srcIp = sourceIpFor(src, vip, ctx.cluster);
  const base = { dstIp: vip, dstPort: port, srcIp };
  const vipLine = `${vip}:${port} is the ClusterIP of Service ${svcName} (network ${svcNetwork})`;
  if (src.primaryNetwork !== DEFAULT_NETWORK) {
    if (svcNetwork === src.primaryNetwork) return loadBalance(src, service, port, 'mirror', 'R3', [vipLine, `R3: ${podName(src)} is on the same network; OVN load-balances to a backend from the mirrored EndpointSlices (UDN IPs) (W-4 R3, W-3.3)`], ctx);
    if (svcNetwork === DEFAULT_NETWORK && ctx.cluster.udnAllowedDefaultServices.includes(svcName)) {
      return loadBalance(src, service, port, 'default', 'R4', [vipLine, `R4: ${svcName} is in the UDN-allowed default services list: delivered (W-4 R4)`], ctx, true);
    }
    return { ...base, kind: 'timeout', rule: 'R5', dstNetwork: svcNetwork, why: [vipLine, `R5: ${podName(src)} is on primary UDN ${src.primaryNetwork}; this ClusterIP belongs to ${svcNetwork === DEFAULT_NETWORK ? 'a default-network Service that is not in the allowed list' : `another network (${svcNetwork})`}: dropped, time-out (W-4 R5)`] };
  }
  if (svcNetwork === DEFAULT_NETWORK) return loadBalance(src, service, port, 'default', 'R8', [vipLine, `R8: default network to a default-network Service: OVN load-balances from the default EndpointSlices (W-4 R8)`], ctx);
  return { ...base, kind: 'timeout', rule: 'R9', dstNetwork: svcNetwork, why: [vipLine, `R9: a default-network pod cannot reach a Service in a primary-UDN namespace: dropped, time-out (W-4 R9, upstream issue #6745)`] };
}

function loadBalance(src: PodNets, service: Service, port: number, slices: 'mirror' | 'default', rule: string, why: string[], ctx: ReachContext, skipIsolation = false): Reach {
  const ns = service.metadata.namespace ?? 'default';
  const servicePort = (service.spec.ports ?? []).find((p) => p.port === port);
  const vip = service.spec.clusterIP ?? '';
  const srcIp = sourceIpFor(src, vip, ctx.cluster);
  if (!servicePort) return { kind: 'refused', dstIp: vip, dstPort: port, srcIp, rule, why: [...why, `Service ${ns}/${service.metadata.name} has no port ${port}: OVN rejects the connection`] };
  const serviceSlices = slicesOf(ctx.view, service, slices);
  const backends = readyBackends(serviceSlices, servicePort.name ?? '');
  if (backends.length === 0) {
    return { kind: 'refused', dstIp: vip, dstPort: port, srcIp, rule, why: [...why, ...noBackendWhy(ctx.view, service, servicePort, serviceSlices, slices)] };
  }
  const backend = backends[ctx.rng.nextInt(backends.length)]!;
  const picked = `OVN picked backend ${backend.ip}:${backend.port} from EndpointSlice ${ns}/${backend.slice}`;
  if (skipIsolation) {
    const holder = ctx.book.byIp.get(backend.ip)?.[0];
    if (holder) return { kind: 'delivered', holder, dstIp: backend.ip, dstPort: backend.port, srcIp, rule, why: [...why, picked] };
  }
  const reach = connectToIp(src, backend.ip, backend.port, ctx);
  // A delivered connection is the Service rule's doing (then R1 to the backend); a failure keeps its own rule.
  return { ...reach, rule: reach.kind === 'delivered' ? rule : reach.rule, why: [...why, picked, ...reach.why.slice(1)] };
}

/** The slices OVN-K programs a Service's load balancer from: its default ones, or its mirrors (W-3.3). */
function slicesOf(view: StoreView, service: Service, which: 'mirror' | 'default'): EndpointSlice[] {
  const ns = service.metadata.namespace ?? 'default';
  const name = service.metadata.name;
  const network = activeNetwork(view, ns);
  return view
    .list<EndpointSlice>('EndpointSlice', ns)
    .filter((s) =>
      which === 'default'
        ? s.metadata.labels?.[SERVICE_NAME_LABEL] === name && s.metadata.labels?.[MANAGED_BY_LABEL] === ENDPOINTSLICE_CONTROLLER
        : s.metadata.labels?.[OVN_SERVICE_NAME_LABEL] === name && network.kind === 'udn' && s.metadata.annotations?.[SLICE_NETWORK_ANNOTATION] === network.network.name,
    )
    .sort((a, b) => a.metadata.name.localeCompare(b.metadata.name));
}

/** A backend per ready endpoint of the slices that carry the Service port (matched by name). */
function readyBackends(slices: readonly EndpointSlice[], portName: string) {
  const backends: Array<{ ip: string; port: number; slice: string }> = [];
  for (const slice of slices) {
    const port = (slice.ports ?? []).find((p) => (p.name ?? '') === portName)?.port;
    if (port === undefined) continue;
    for (const endpoint of slice.endpoints ?? []) {
      if (endpoint.conditions?.ready === false) continue;
      for (const ip of endpoint.addresses.slice(0, 1)) backends.push({ ip, port, slice: slice.metadata.name });
    }
  }
  return backends;
}

/** Why the load balancer has nothing: no ready endpoint, or pods left out for a named targetPort
 * they do not declare (then also whether the endpoints that carry the port are all not ready). */
function noBackendWhy(view: StoreView, service: Service, servicePort: ServicePort, slices: readonly EndpointSlice[], which: 'mirror' | 'default'): string[] {
  const svcName = `${service.metadata.namespace ?? 'default'}/${service.metadata.name}`;
  const kind = which === 'mirror' ? 'mirrored' : 'default';
  const rejects = `OVN's load balancer rejects the connection`;
  const leftOut = podsWithoutTargetPort(view, slices, servicePort);
  if (leftOut.length === 0) return [`no ready endpoint in the ${kind} EndpointSlices of ${svcName}: ${rejects}`];
  const copied = which === 'mirror' ? ` and OVN-K's mirror copies the slice's ports (W-3.2)` : '';
  const lines = [unresolvedTargetPortLine(service.metadata.name, servicePort, leftOut, (plural) => `the EndpointSlice controller leaves that port out for ${plural ? 'those pods' : 'the pod'} (W-3.1)${copied}, so there is no endpoint to send to`)];
  const portName = servicePort.name ?? '';
  const withPort = slices.some((s) => (s.ports ?? []).some((p) => (p.name ?? '') === portName) && (s.endpoints ?? []).length > 0);
  if (withPort) lines.push(`the endpoints in the ${kind} EndpointSlices of ${svcName} that carry the port are not ready`);
  return [...lines, `${rejects} (no backend for port ${servicePort.port})`];
}

export function podName(nets: PodNets): string {
  return `${nets.pod.metadata.namespace}/${nets.pod.metadata.name}`;
}
