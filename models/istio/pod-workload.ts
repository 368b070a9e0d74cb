// What istiod makes of one pod and one Service (W-5.4): the pod's ztunnel workload, with addresses
// from the configured address source (W-5.2) and the Services it belongs to with their target
// ports, and a Service's ztunnel entry. ambient-index.ts keeps these up to date between pushes.
import type { LogRecord } from '../controller.js';
import { hasNamedTarget, targetPortOf } from '../kube/find-port.js';
import { mapSelectorMatches } from '../kube/labels.js';
import { isPodDeleting, isPodReady, podServiceAccount, workloadName } from '../kube/pods.js';
import type { EndpointSlice, Pod, Service } from '../kube/types.js';
import type { StoreView } from '../store-view.js';
import { ADDRESS_SOURCES, type AddressSourceName } from './address-sources/index.js';
import { SLICE_TARGET_UID_INDEX } from './address-sources/mirrored-slice.js';
import { REDIRECTION_ANNOTATION } from './types.js';
import type { DroppedPod, WorkloadProvenance, ZtunnelService, ZtunnelWorkload } from './workload-types.js';

export interface AmbientIndexSettings {
  addressSource: AddressSourceName;
  serviceLabel: string;
  clusterDomain: string;
}

export function podWorkloadUid(namespace: string, name: string): string {
  return `Kubernetes//Pod/${namespace}/${name}`;
}

/** Where each workload's addresses came from (the report's why-lines), by the workload object:
 * workloads are immutable and made anew whenever recomputed, so a snapshot needs no map of its own
 * (copying one per push would make a push linear in the cluster). */
const provenances = new WeakMap<ZtunnelWorkload, WorkloadProvenance>();

export function provenanceOf(workload: ZtunnelWorkload): WorkloadProvenance | undefined {
  return provenances.get(workload);
}

export interface ServicePorts {
  key: string;
  /** Shared by every pod of the Service (frozen); undefined when a named targetPort needs the pod. */
  fixed: Readonly<Record<string, number>> | undefined;
}

/** Per pod labels object (a ReplicaSet's pods share one), the Services selecting them with their
 * ports and sorted names, when nothing in them depends on the pod itself (see podServicePorts). */
export type ServicesByLabels = WeakMap<Record<string, string>, { ns: string; ports: Map<string, Record<string, number>>; names: string[] }>;

/** A pod's workload, or why it has none (dropped, with the source's log line if any), with the
 * pod object and inputs it was computed from (krt's memo). Every field is always set (undefined
 * when absent): one hidden class, all fields in the object. */
export interface Computed {
  inputs: string;
  pod: Pod;
  log: LogRecord | undefined;
  dropped: DroppedPod | undefined;
  workload: ZtunnelWorkload | undefined;
  ports: Map<string, Record<string, number>> | undefined;
}

/** The pod's workload; `known` are its Services and ports when they cannot have changed (a status write). */
export function computeWorkload(
  pod: Pod, ns: string, services: Service[], servicePorts: Map<Service, ServicePorts>, byLabels: ServicesByLabels, selectorless: boolean, view: StoreView,
  settings: AmbientIndexSettings, source: (typeof ADDRESS_SOURCES)[AddressSourceName], inputs: string, known?: { ports: Map<string, Record<string, number>>; names: string[] },
  /** The uid the pod's workload had (its key's: the same text), reused so that the workload list is
   * sorted on one string per pod, made and flattened once, not a new one per push. */
  previousUid?: string,
): Computed {
  const result = source(pod, { view, serviceLabel: settings.serviceLabel });
  if (result.dropped || result.addresses.length === 0) {
    const dropped = { pod: `${ns}/${pod.metadata.name}`, reason: result.dropped ?? 'no address' };
    return { inputs, pod, log: result.log, dropped, workload: undefined, ports: undefined };
  }
  const uid = previousUid ?? podWorkloadUid(ns, pod.metadata.name);
  const labels = pod.metadata.labels;
  const shared = known === undefined && !selectorless && labels !== undefined ? byLabels.get(labels) : undefined;
  if (known === undefined && shared !== undefined && shared.ns === ns) known = shared;
  let ports = known?.ports;
  let names = known?.names;
  if (ports === undefined || names === undefined) {
    let podSpecific = selectorless;
    ports = podServicePorts(pod, services, servicePorts, selectorless, view, settings, () => (podSpecific = true));
    names = [...ports.keys()].sort();
    if (!podSpecific && labels !== undefined) byLabels.set(labels, { ns, ports, names });
  }
  const workload = toWorkload(pod, uid, result.addresses, names);
  provenances.set(workload, { addressSource: settings.addressSource, from: result.from, podUid: pod.metadata.uid ?? '' });
  return { inputs, pod, log: result.log, dropped: undefined, workload, ports };
}

function toWorkload(pod: Pod, uid: string, addresses: string[], services: string[]): ZtunnelWorkload {
  const labels = pod.metadata.labels ?? NO_LABELS;
  const owner = workloadName(pod);
  const protocol = pod.metadata.annotations?.[REDIRECTION_ANNOTATION] === 'enabled' ? 'HBONE' : 'TCP';
  const networkMode = pod.spec.hostNetwork ? 'HostNetwork' : 'Standard';
  const name = pod.metadata.name;
  const namespace = pod.metadata.namespace ?? 'default';
  const serviceAccount = podServiceAccount(pod);
  const canonicalName = labels['service.istio.io/canonical-name'] ?? labels['app.kubernetes.io/name'] ?? labels['app'] ?? owner;
  const canonicalRevision = labels['service.istio.io/canonical-revision'] ?? labels['app.kubernetes.io/version'] ?? labels['version'] ?? 'latest';
  const node = pod.spec.nodeName;
  const status = isPodReady(pod) && !isPodDeleting(pod) ? 'Healthy' : 'Unhealthy';
  // One literal per set of optional keys present (the key order is ztunnel's config dump's): a
  // literal's fields all live in the object, where keys added one by one would spill out of it.
  if (node && services.length) {
    return { workloadIps: addresses, protocol, networkMode, uid, name, namespace, trustDomain: 'cluster.local', serviceAccount, workloadName: owner, workloadType: 'pod', canonicalName, canonicalRevision, node, status, clusterId: 'Kubernetes', services, capacity: 1 };
  }
  if (node) {
    return { workloadIps: addresses, protocol, networkMode, uid, name, namespace, trustDomain: 'cluster.local', serviceAccount, workloadName: owner, workloadType: 'pod', canonicalName, canonicalRevision, node, status, clusterId: 'Kubernetes', capacity: 1 };
  }
  if (services.length) {
    return { workloadIps: addresses, protocol, networkMode, uid, name, namespace, trustDomain: 'cluster.local', serviceAccount, workloadName: owner, workloadType: 'pod', canonicalName, canonicalRevision, status, clusterId: 'Kubernetes', services, capacity: 1 };
  }
  return { workloadIps: addresses, protocol, networkMode, uid, name, namespace, trustDomain: 'cluster.local', serviceAccount, workloadName: owner, workloadType: 'pod', canonicalName, canonicalRevision, status, clusterId: 'Kubernetes', capacity: 1 };
}

const NO_LABELS: Record<string, string> = {};

/** W-5.4: Services in the pod's namespace whose non-empty selector matches, plus selector-less
 * Services found through slices with the service label whose targetRef is this pod. */
function podServicePorts(
  pod: Pod, services: Service[], servicePorts: Map<Service, ServicePorts>, selectorless: boolean, view: StoreView, settings: AmbientIndexSettings,
  /** Called when a port map depends on the pod (a named targetPort): the result is the pod's alone. */
  onPodSpecific: () => void,
): Map<string, Record<string, number>> {
  const ns = pod.metadata.namespace ?? 'default';
  const result = new Map<string, Record<string, number>>();
  const add = (service: Service) => {
    let known = servicePorts.get(service);
    if (!known) {
      const named = (service.spec.ports ?? []).some(hasNamedTarget);
      known = { key: `${ns}/${service.metadata.name}.${ns}.svc.${settings.clusterDomain}`, fixed: named ? undefined : Object.freeze(targetPorts(service, pod)) };
      servicePorts.set(service, known);
    }
    if (known.fixed === undefined) onPodSpecific();
    result.set(known.key, known.fixed ?? targetPorts(service, pod));
  };
  for (const service of services) {
    if (service.spec.selector && !isEmpty(service.spec.selector) && mapSelectorMatches(service.spec.selector, pod.metadata.labels)) add(service);
  }
  // Only a selector-less Service of the namespace can be found through slices.
  if (!selectorless) return result;
  for (const slice of view.byIndex<EndpointSlice>('EndpointSlice', SLICE_TARGET_UID_INDEX, pod.metadata.uid ?? '')) {
    const serviceName = slice.metadata.labels?.[settings.serviceLabel];
    const service = serviceName ? view.get<Service>('Service', `${ns}/${serviceName}`) : undefined;
    if (service && !service.spec.selector && slice.metadata.namespace === ns) add(service);
  }
  return result;
}

function isEmpty(map: Record<string, string>): boolean {
  for (const _key in map) return false;
  return true;
}

/** The Service's port → the pod's target port: a named one looked up in the pod's containers' TCP
 * ports, and left out when none declares it (istio pilot/pkg/serviceregistry/kube/controller/ambient,
 * constructServices and FindPortName; not kubernetes' FindPort, which matches the port's protocol). */
function targetPorts(service: Service, pod: Pod): Record<string, number> {
  const ports: Record<string, number> = {};
  for (const port of service.spec.ports ?? []) {
    const target = targetPortOf(port);
    const resolved = typeof target === 'number' ? target : namedPort(pod, target);
    if (resolved !== undefined) ports[String(port.port)] = resolved;
  }
  return ports;
}

function namedPort(pod: Pod, name: string): number | undefined {
  for (const container of pod.spec.containers) {
    const port = container.ports?.find((p) => p.name === name && (p.protocol ?? 'TCP') === 'TCP');
    if (port) return port.containerPort;
  }
  return undefined;
}

export function toService(service: Service, domain: string, endpointsOf: (serviceKey: string) => ZtunnelService['endpoints']): ZtunnelService {
  const ns = service.metadata.namespace ?? 'default';
  const hostname = `${service.metadata.name}.${ns}.svc.${domain}`;
  const endpoints = endpointsOf(`${ns}/${hostname}`);
  const vips = (service.spec.clusterIPs ?? (service.spec.clusterIP ? [service.spec.clusterIP] : [])).filter((ip) => ip && ip !== 'None');
  const ports: Record<string, number> = {};
  // W-5.4: 0 for a named targetPort; each workload then carries the number its pod declares.
  for (const port of service.spec.ports ?? []) {
    const target = targetPortOf(port);
    ports[String(port.port)] = typeof target === 'number' ? target : 0;
  }
  return {
    name: service.metadata.name,
    namespace: ns,
    hostname,
    vips: vips.map((ip) => `/${ip}`),
    ports,
    endpoints,
    subjectAltNames: [],
    ipFamilies: 'IPv4',
  };
}
