// istiod's ambient index (W-5.4): every non-terminal pod with an IP → a workload whose addresses
// come from the configured address source (W-5.2); every Service → a ztunnel service with endpoints.
import type { LogRecord } from '../controller.js';
import { mapSelectorMatches } from '../kube/labels.js';
import { isPodDeleting, isPodReady, isPodTerminal, podServiceAccount, statusPodIps, workloadName } from '../kube/pods.js';
import type { EndpointSlice, Pod, Service } from '../kube/types.js';
import type { StoreView } from '../store-view.js';
import { ADDRESS_SOURCES, type AddressSourceName } from './address-sources/index.js';
import { SLICE_TARGET_UID_INDEX } from './address-sources/mirrored-slice.js';
import { REDIRECTION_ANNOTATION } from './types.js';
import type { AmbientSnapshot, DroppedPod, WorkloadProvenance, ZtunnelService, ZtunnelWorkload } from './workload-types.js';

export interface AmbientIndexSettings {
  addressSource: AddressSourceName;
  serviceLabel: string;
  clusterDomain: string;
}

export function podWorkloadUid(namespace: string, name: string): string {
  return `Kubernetes//Pod/${namespace}/${name}`;
}

export function buildAmbientSnapshot(view: StoreView, settings: AmbientIndexSettings): { snapshot: AmbientSnapshot; logs: LogRecord[] } {
  const source = ADDRESS_SOURCES[settings.addressSource];
  const services = view.list<Service>('Service').filter((s) => s.spec.type !== 'ExternalName');
  const servicesByNamespace = new Map<string, Service[]>();
  for (const service of services) {
    const ns = service.metadata.namespace ?? 'default';
    const list = servicesByNamespace.get(ns);
    if (list) list.push(service);
    else servicesByNamespace.set(ns, [service]);
  }
  const workloads: ZtunnelWorkload[] = [];
  const provenance: Record<string, WorkloadProvenance> = {};
  const dropped: DroppedPod[] = [];
  const logs: LogRecord[] = [];
  const portMaps = new Map<string, Map<string, Record<string, number>>>();
  const revisions = `${settings.addressSource}|${settings.serviceLabel}|${settings.clusterDomain}|${view.revision('Service')}`;
  const sliceRevision = `|${view.revision('EndpointSlice')}`;
  for (const pod of view.list<Pod>('Pod')) {
    if (isPodTerminal(pod) || statusPodIps(pod).length === 0) continue;
    const ns = pod.metadata.namespace ?? 'default';
    const nsServices = servicesByNamespace.get(ns) ?? [];
    // Like krt, a pod's workload is recomputed only when one of its inputs changed: the pod
    // object, the Services, and — for the slice-reading source or selector-less Services — the slices.
    const readsSlices = settings.addressSource === 'mirrored-slice-first' || nsServices.some((s) => !s.spec.selector);
    const inputs = readsSlices ? revisions + sliceRevision : revisions;
    let computed = memo.get(pod);
    if (computed?.inputs !== inputs) {
      computed = { inputs, ...computeWorkload(pod, ns, nsServices, view, settings, source) };
      memo.set(pod, computed);
    }
    if (computed.log) logs.push(computed.log);
    if (computed.dropped) {
      dropped.push(computed.dropped);
      continue;
    }
    portMaps.set(computed.workload!.uid, computed.ports!);
    workloads.push(computed.workload!);
    provenance[computed.workload!.uid] = computed.provenance!;
  }
  workloads.sort((a, b) => (a.uid < b.uid ? -1 : a.uid > b.uid ? 1 : 0));
  const endpointsByService = new Map<string, ZtunnelService['endpoints']>();
  for (const workload of workloads) {
    if (workload.status !== 'Healthy') continue; // ztunnel stores no unhealthy endpoints (W-5.5)
    for (const [serviceKey, port] of portMaps.get(workload.uid) ?? []) {
      let endpoints = endpointsByService.get(serviceKey);
      if (!endpoints) endpointsByService.set(serviceKey, (endpoints = {}));
      endpoints[workload.uid] = { workloadUid: workload.uid, port, status: 'Healthy' };
    }
  }
  const ztServices = services.map((s) => toService(s, settings.clusterDomain, endpointsByService));
  ztServices.sort((a, b) => (a.hostname < b.hostname ? -1 : a.hostname > b.hostname ? 1 : 0));
  dropped.sort((a, b) => (a.pod < b.pod ? -1 : a.pod > b.pod ? 1 : 0));
  const snapshot = { workloads, services: ztServices, provenance, dropped, addressSource: settings.addressSource, serviceLabel: settings.serviceLabel };
  return { snapshot, logs };
}

interface Computed {
  log?: LogRecord;
  dropped?: DroppedPod;
  workload?: ZtunnelWorkload;
  ports?: Map<string, Record<string, number>>;
  provenance?: WorkloadProvenance;
}

const memo = new WeakMap<Pod, Computed & { inputs: string }>();

function computeWorkload(pod: Pod, ns: string, services: Service[], view: StoreView, settings: AmbientIndexSettings, source: (typeof ADDRESS_SOURCES)[AddressSourceName]): Computed {
  const result = source(pod, { view, serviceLabel: settings.serviceLabel });
  const log = result.log ? { log: result.log } : {};
  if (result.dropped || result.addresses.length === 0) {
    return { ...log, dropped: { pod: `${ns}/${pod.metadata.name}`, reason: result.dropped ?? 'no address' } };
  }
  const uid = podWorkloadUid(ns, pod.metadata.name);
  const ports = podServicePorts(pod, services, view, settings);
  return {
    ...log,
    workload: toWorkload(pod, uid, result.addresses, [...ports.keys()].sort()),
    ports,
    provenance: { addressSource: settings.addressSource, from: result.from, podUid: pod.metadata.uid ?? '' },
  };
}

function toWorkload(pod: Pod, uid: string, addresses: string[], services: string[]): ZtunnelWorkload {
  const labels = pod.metadata.labels ?? {};
  const owner = workloadName(pod);
  return {
    workloadIps: addresses,
    protocol: pod.metadata.annotations?.[REDIRECTION_ANNOTATION] === 'enabled' ? 'HBONE' : 'TCP',
    networkMode: pod.spec.hostNetwork ? 'HostNetwork' : 'Standard',
    uid,
    name: pod.metadata.name,
    namespace: pod.metadata.namespace ?? 'default',
    trustDomain: 'cluster.local',
    serviceAccount: podServiceAccount(pod),
    workloadName: owner,
    workloadType: 'pod',
    canonicalName: labels['service.istio.io/canonical-name'] ?? labels['app.kubernetes.io/name'] ?? labels['app'] ?? owner,
    canonicalRevision: labels['service.istio.io/canonical-revision'] ?? labels['app.kubernetes.io/version'] ?? labels['version'] ?? 'latest',
    ...(pod.spec.nodeName ? { node: pod.spec.nodeName } : {}),
    status: isPodReady(pod) && !isPodDeleting(pod) ? 'Healthy' : 'Unhealthy',
    clusterId: 'Kubernetes',
    ...(services.length ? { services } : {}),
    capacity: 1,
  };
}

/** W-5.4: Services in the pod's namespace whose non-empty selector matches, plus selector-less
 * Services found through slices with the service label whose targetRef is this pod. */
function podServicePorts(pod: Pod, services: Service[], view: StoreView, settings: AmbientIndexSettings): Map<string, Record<string, number>> {
  const ns = pod.metadata.namespace ?? 'default';
  const result = new Map<string, Record<string, number>>();
  const add = (service: Service) => {
    const ports: Record<string, number> = {};
    for (const port of service.spec.ports ?? []) {
      const target = port.targetPort ?? port.port;
      const resolved = typeof target === 'number' ? target : namedPort(pod, target);
      if (resolved !== undefined) ports[String(port.port)] = resolved;
    }
    result.set(`${ns}/${service.metadata.name}.${ns}.svc.${settings.clusterDomain}`, ports);
  };
  for (const service of services) {
    if (service.spec.selector && Object.keys(service.spec.selector).length > 0 && mapSelectorMatches(service.spec.selector, pod.metadata.labels)) add(service);
  }
  for (const slice of view.byIndex<EndpointSlice>('EndpointSlice', SLICE_TARGET_UID_INDEX, pod.metadata.uid ?? '')) {
    const serviceName = slice.metadata.labels?.[settings.serviceLabel];
    const service = serviceName ? view.get<Service>('Service', `${ns}/${serviceName}`) : undefined;
    if (service && !service.spec.selector && slice.metadata.namespace === ns) add(service);
  }
  return result;
}

function namedPort(pod: Pod, name: string): number | undefined {
  for (const container of pod.spec.containers) {
    const port = container.ports?.find((p) => p.name === name && (p.protocol ?? 'TCP') === 'TCP');
    if (port) return port.containerPort;
  }
  return undefined;
}

function toService(service: Service, domain: string, endpointsByService: Map<string, ZtunnelService['endpoints']>): ZtunnelService {
  const ns = service.metadata.namespace ?? 'default';
  const hostname = `${service.metadata.name}.${ns}.svc.${domain}`;
  const endpoints = endpointsByService.get(`${ns}/${hostname}`) ?? {};
  const vips = (service.spec.clusterIPs ?? (service.spec.clusterIP ? [service.spec.clusterIP] : [])).filter((ip) => ip && ip !== 'None');
  const ports: Record<string, number> = {};
  for (const port of service.spec.ports ?? []) ports[String(port.port)] = typeof port.targetPort === 'number' ? port.targetPort : port.targetPort === undefined ? port.port : 0;
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
