// Kubernetes' EndpointSlice controller (W-3.1; kubernetes staging/src/k8s.io/endpointslice/reconciler.go):
// for each Service with a selector, per address family, one slice per set of target ports the pods
// resolve to (named targetPorts per pod), endpoints = the pods' status.podIPs (default-network IPs).
import { controller, NO_KEYS } from '../controller.js';
import type { IndexSpec, ReconcileResult, Write } from '../controller.js';
import type { StoreView } from '../store-view.js';
import { jsonEqual } from './json-equal.js';
import { mapSelectorMatches } from './labels.js';
import { controllerRef } from './owners.js';
import { hasStatusPodIp, isPodDeleting, isPodReady, isPodTerminal, statusPodIps } from './pods.js';
import { findPort, hasNamedTarget, targetPortOf } from './find-port.js';
import type { Endpoint, EndpointPort, EndpointSlice, Pod, Service, ServicePort } from './types.js';

export const SERVICE_NAME_LABEL = 'kubernetes.io/service-name';
export const MANAGED_BY_LABEL = 'endpointslice.kubernetes.io/managed-by';
export const ENDPOINTSLICE_CONTROLLER = 'endpointslice-controller.k8s.io';
export const SLICE_SERVICE_INDEX = 'slice-service';

/** EndpointSlices by the uid of every endpoint's targetRef: who lists a given pod (istiod, OVN-K's mirror). */
export const SLICE_TARGET_INDEX: IndexSpec = {
  kind: 'EndpointSlice',
  name: 'slice-target-uid',
  fn: (s) => ((s as EndpointSlice).endpoints ?? []).map((e) => e.targetRef?.uid).filter((uid): uid is string => Boolean(uid)),
  unchanged: (s, old) => (s as EndpointSlice).endpoints === (old as EndpointSlice).endpoints,
};
/** Pods by `namespace|label=value`, and Services by `namespace|selector-key=value`: selector
 * matching starts from the smallest candidate set instead of the namespace. */
export const POD_LABEL_INDEX = 'pod-label';
export const SERVICE_SELECTOR_INDEX = 'service-selector';

const pairs = (ns: string | undefined, map: Record<string, string> | undefined): string[] =>
  map ? Object.keys(map).map((k) => `${ns ?? 'default'}|${k}=${map[k]}`) : [];

/** A pod's label pairs, made once per labels object (a ReplicaSet's pods share theirs): the same
 * strings each time, whose hashes the index's maps then have. */
const podPairs = new WeakMap<Record<string, string>, { ns: string | undefined; values: readonly string[] }>();

function labelPairs(ns: string | undefined, labels: Record<string, string> | undefined): readonly string[] {
  if (!labels) return [];
  const known = podPairs.get(labels);
  if (known !== undefined && known.ns === ns) return known.values;
  const values = pairs(ns, labels);
  podPairs.set(labels, { ns, values });
  return values;
}

export const endpointSliceController = controller<undefined>({
  name: 'endpointslice-controller',
  delayMs: 0,
  indexes: [
    { kind: 'Pod', name: POD_LABEL_INDEX, fn: (p) => labelPairs(p.metadata.namespace, p.metadata.labels), unchanged: (p, old) => p.metadata.labels === old.metadata.labels },
    { kind: 'Service', name: SERVICE_SELECTOR_INDEX, fn: (s) => pairs(s.metadata.namespace, (s as Service).spec.selector), unchanged: (s, old) => (s as Service).spec.selector === (old as Service).spec.selector },
    {
      kind: 'EndpointSlice',
      name: SLICE_SERVICE_INDEX,
      fn: (s) => {
        const service = s.metadata.labels?.[SERVICE_NAME_LABEL];
        return service && s.metadata.labels?.[MANAGED_BY_LABEL] === ENDPOINTSLICE_CONTROLLER ? [`${s.metadata.namespace}/${service}`] : [];
      },
    },
  ],
  watches: [
    { kind: 'Service', keys: (e) => [e.key] },
    { kind: 'Pod', keys: (e, view) => (changesEndpoints(e.object as Pod, e.old as Pod | undefined, e.type) ? servicesSelecting(e.object as Pod, e.old as Pod | undefined, view) : NO_KEYS) },
    { kind: 'EndpointSlice', keys: (e) => (e.type === 'DELETED' ? managedServiceKey(e.object as EndpointSlice) : NO_KEYS) },
  ],
  initialState: () => undefined,
  reconcile: (key, view) => reconcileService(key, view),
});

function managedServiceKey(slice: EndpointSlice): string[] {
  const service = slice.metadata.labels?.[SERVICE_NAME_LABEL];
  return service && slice.metadata.labels?.[MANAGED_BY_LABEL] === ENDPOINTSLICE_CONTROLLER ? [`${slice.metadata.namespace}/${service}`] : [];
}

/** Only what an endpoint shows matters: labels, addresses, readiness, node, deletion. A pod with
 * no address before or after (pending, being bound) is in no slice either way. */
function changesEndpoints(pod: Pod, old: Pod | undefined, type: string): boolean {
  if (type !== 'MODIFIED' || !old) return hasStatusPodIp(pod);
  if (!hasStatusPodIp(pod) && !hasStatusPodIp(old)) return false;
  return (
    pod.metadata.labels !== old.metadata.labels ||
    pod.status?.podIPs !== old.status?.podIPs ||
    pod.status?.podIP !== old.status?.podIP ||
    isPodReady(pod) !== isPodReady(old) ||
    pod.spec.nodeName !== old.spec.nodeName ||
    pod.metadata.deletionTimestamp !== old.metadata.deletionTimestamp ||
    pod.status?.phase !== old.status?.phase
  );
}

/** Per store, the Services selecting each labels object as of a Service revision: a pod's writes
 * keep its labels object (and a ReplicaSet's pods may share one), so the lookup is made once per
 * labels object rather than once per write. The namespace is checked: selectors are per namespace. */
const selectingCache = new WeakMap<StoreView, { revision: number; byLabels: WeakMap<Record<string, string>, { ns: string; keys: readonly string[] }> }>();

function servicesSelecting(pod: Pod, old: Pod | undefined, view: StoreView): readonly string[] {
  const labels = pod.metadata.labels;
  if (!labels || (old?.metadata.labels !== undefined && old.metadata.labels !== labels)) return selectingUncached(pod, old, view);
  const revision = view.revision('Service');
  let cache = selectingCache.get(view);
  if (cache?.revision !== revision) selectingCache.set(view, (cache = { revision, byLabels: new WeakMap() }));
  const ns = pod.metadata.namespace ?? 'default';
  const known = cache.byLabels.get(labels);
  if (known?.ns === ns) return known.keys;
  const keys = selectingUncached(pod, undefined, view);
  cache.byLabels.set(labels, { ns, keys });
  return keys;
}

function selectingUncached(pod: Pod, old: Pod | undefined, view: StoreView): readonly string[] {
  const ns = pod.metadata.namespace ?? 'default';
  // Called for most pod writes: no list is built unless a Service matches.
  let keys: string[] | undefined;
  const visit = (labels: Record<string, string> | undefined) => {
    if (!labels) return;
    for (const label in labels) {
      for (const service of view.byIndex<Service>('Service', SERVICE_SELECTOR_INDEX, `${ns}|${label}=${labels[label]}`)) {
        if (!mapSelectorMatches(service.spec.selector, labels)) continue;
        const key = `${ns}/${service.metadata.name}`;
        if (keys === undefined) keys = [key];
        else if (!keys.includes(key)) keys.push(key);
      }
    }
  };
  visit(pod.metadata.labels);
  const oldLabels = old?.metadata.labels;
  if (oldLabels && oldLabels !== pod.metadata.labels) visit(oldLabels);
  return keys === undefined ? NO_KEYS : keys.sort();
}

/** Pods of the namespace whose labels match a non-empty selector, via the rarest label pair. */
function podsSelectedBy(view: StoreView, ns: string, selector: Record<string, string>): Pod[] {
  const candidates = pairs(ns, selector).map((pair) => view.byIndex<Pod>('Pod', POD_LABEL_INDEX, pair));
  if (candidates.length === 0) return view.list<Pod>('Pod', ns); // `selector: {}` selects every pod
  const smallest = candidates.reduce((a, b) => (b.length < a.length ? b : a), candidates[0] ?? []);
  return smallest.filter((p) => mapSelectorMatches(selector, p.metadata.labels));
}

function reconcileService(key: string, view: StoreView): ReconcileResult {
  const service = view.get<Service>('Service', key);
  const existing = view.byIndex<EndpointSlice>('EndpointSlice', SLICE_SERVICE_INDEX, key);
  if (!service || !service.spec.selector || service.spec.type === 'ExternalName') {
    return { writes: existing.map(deleteSlice) };
  }
  const ns = service.metadata.namespace ?? 'default';
  const pods = podsSelectedBy(view, ns, service.spec.selector)
    .filter((p) => !isPodTerminal(p) && statusPodIps(p).length > 0)
    .sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : a.metadata.name > b.metadata.name ? 1 : 0));
  const families: ReadonlyArray<'IPv4' | 'IPv6'> = service.spec.ipFamilies?.length ? service.spec.ipFamilies : ['IPv4'];
  const portsOf = endpointPortsOf(service);
  const writes: Write[] = [];
  for (const family of families) {
    const current = existing.filter((s) => s.addressType === family);
    writes.push(...reconcileFamily(desiredSlices(service, pods, family, portsOf), current));
  }
  // Slices of an address type the Service no longer has go (reconciler.go, Reconcile).
  for (const slice of existing) if (!(families as readonly string[]).includes(slice.addressType)) writes.push(deleteSlice(slice));
  return { writes };
}

function deleteSlice(slice: EndpointSlice): Write {
  return { op: 'delete', kind: 'EndpointSlice', key: `${slice.metadata.namespace}/${slice.metadata.name}` };
}

/** The eight possible endpoint conditions, shared (frozen) by every endpoint of every slice. */
const ENDPOINT_CONDITIONS = Array.from({ length: 8 }, (_, i) => Object.freeze({ ready: (i & 1) !== 0, serving: (i & 2) !== 0, terminating: (i & 4) !== 0 }));

function endpointConditions(ready: boolean, serving: boolean, terminating: boolean): NonNullable<Endpoint['conditions']> {
  return ENDPOINT_CONDITIONS[(ready ? 1 : 0) | (serving ? 2 : 0) | (terminating ? 4 : 0)]!;
}

/** A pod's resolved ports for one Service, with a key equal for equal sets (upstream's PortMapKey). */
export interface EndpointPortSet {
  key: string;
  /** null when no port resolves: the API server hands an empty list back as null. */
  ports: EndpointPort[] | null;
}

/**
 * getEndpointPorts (kubernetes staging/src/k8s.io/endpointslice/utils.go), per pod: each Service
 * port's target found with FindPort; a port whose named target the pod does not declare is left
 * out for that pod. When no targetPort is named every pod gets the same set: that set, made once.
 */
export function endpointPortsOf(service: Service): EndpointPortSet | ((pod: Pod) => EndpointPortSet) {
  const servicePorts = service.spec.ports ?? [];
  // No name to look up: every target is a number.
  if (!servicePorts.some(hasNamedTarget)) return portSet(servicePorts.map((p) => endpointPort(p, targetPortOf(p) as number)));
  return (pod) => {
    const ports: EndpointPort[] = [];
    for (const servicePort of servicePorts) {
      const port = findPort(pod, servicePort);
      if (port !== undefined) ports.push(endpointPort(servicePort, port));
    }
    return portSet(ports);
  };
}

function endpointPort(servicePort: ServicePort, port: number): EndpointPort {
  return { name: servicePort.name !== undefined ? servicePort.name : '', port, protocol: servicePort.protocol ?? 'TCP' };
}

function portSet(ports: EndpointPort[]): EndpointPortSet {
  return { key: portSetKey(ports), ports: ports.length ? ports : null };
}

/** Order-free, as upstream sorts the ports before hashing them (NewPortMapKey). Upstream also keeps
 * a slice's ports in that hash order; here they stay in the Service's order. */
function portSetKey(ports: readonly EndpointPort[] | null): string {
  if (!ports || ports.length === 0) return '';
  if (ports.length === 1) return `${ports[0]!.name ?? ''}/${ports[0]!.port}/${ports[0]!.protocol ?? ''}`;
  return ports.map((p) => `${p.name ?? ''}/${p.port}/${p.protocol ?? ''}`).sort().join(',');
}

/**
 * One family's desired slices (reconciler.go, reconcileByAddressType): endpoints grouped by their
 * pod's port set, one slice per set that has endpoints, in the order of each set's first pod; with
 * no endpoint at all, one placeholder with neither ports nor endpoints.
 */
function desiredSlices(service: Service, pods: Pod[], family: 'IPv4' | 'IPv6', portsOf: EndpointPortSet | ((pod: Pod) => EndpointPortSet)): EndpointSlice[] {
  if (typeof portsOf !== 'function') {
    const endpoints = podEndpoints(pods, family);
    return [endpoints.length ? newSlice(service, family, portsOf.ports, endpoints) : newSlice(service, family, null, null)];
  }
  const groups = new Map<string, { ports: EndpointPort[] | null; endpoints: Endpoint[] }>();
  for (const pod of pods) {
    const endpoint = podEndpoint(pod, family);
    if (!endpoint) continue;
    const set = portsOf(pod);
    const group = groups.get(set.key);
    if (group) group.endpoints.push(endpoint);
    else groups.set(set.key, { ports: set.ports, endpoints: [endpoint] });
  }
  if (groups.size === 0) return [newSlice(service, family, null, null)];
  // Insertion order: the pods are sorted by name, so this order is the same on every run.
  return [...groups.values()].map((g) => newSlice(service, family, g.ports, g.endpoints));
}

function podEndpoints(pods: Pod[], family: 'IPv4' | 'IPv6'): Endpoint[] {
  const endpoints: Endpoint[] = [];
  for (const pod of pods) {
    const endpoint = podEndpoint(pod, family);
    if (endpoint) endpoints.push(endpoint);
  }
  return endpoints;
}

/** podToEndpoint (utils.go): the pod's addresses of the family (none: no endpoint), its conditions. */
function podEndpoint(pod: Pod, family: 'IPv4' | 'IPv6'): Endpoint | undefined {
  const wantV6 = family === 'IPv6';
  const addresses = statusPodIps(pod).filter((ip) => ip.includes(':') === wantV6);
  if (addresses.length === 0) return undefined;
  const ready = isPodReady(pod) && !isPodDeleting(pod);
  const conditions = endpointConditions(ready, isPodReady(pod), isPodDeleting(pod));
  const targetRef = { kind: 'Pod', namespace: pod.metadata.namespace ?? 'default', name: pod.metadata.name, uid: pod.metadata.uid ?? '' };
  // One literal per shape (a literal's fields all live in the object; keys added later spill out).
  const nodeName = pod.spec.nodeName;
  return nodeName ? { addresses, conditions, nodeName, targetRef } : { addresses, conditions, targetRef };
}

function newSlice(service: Service, family: 'IPv4' | 'IPv6', ports: EndpointPort[] | null, endpoints: Endpoint[] | null): EndpointSlice {
  const headless = service.spec.clusterIP === 'None';
  return {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: {
      name: '',
      generateName: `${service.metadata.name}-`,
      namespace: service.metadata.namespace,
      labels: Object.assign({}, service.metadata.labels, { [SERVICE_NAME_LABEL]: service.metadata.name, [MANAGED_BY_LABEL]: ENDPOINTSLICE_CONTROLLER }, headless ? { 'service.kubernetes.io/headless': '' } : undefined),
      ownerReferences: [controllerRef(service)],
    },
    addressType: family,
    endpoints,
    ports,
  };
}

/**
 * Desired slices against a family's current ones, matched by port set: a match is updated when its
 * content differs, a desired set with no match is created, a current slice with no match deleted —
 * except that, as upstream's finalize does, each create takes over a slice that would be deleted
 * (the last create, the first such slice), keeping its name.
 */
function reconcileFamily(desired: EndpointSlice[], current: readonly EndpointSlice[]): Write[] {
  // The usual case, one slice wanted and at most one there: whatever their port sets, it is that slice.
  if (desired.length === 1 && current.length <= 1) {
    const [slice] = desired as [EndpointSlice];
    const [there] = current;
    if (!there) return [{ op: 'create', object: slice }];
    return sameContent(there, slice) ? [] : [{ op: 'update', object: named(slice, there.metadata.name) }];
  }
  const unmatched = [...current].sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : a.metadata.name > b.metadata.name ? 1 : 0));
  const creates: EndpointSlice[] = [];
  const updates: EndpointSlice[] = [];
  for (const slice of desired) {
    const key = portSetKey(slice.ports);
    const i = unmatched.findIndex((c) => portSetKey(c.ports) === key);
    if (i < 0) {
      creates.push(slice);
      continue;
    }
    const [match] = unmatched.splice(i, 1);
    if (!sameContent(match!, slice)) updates.push(named(slice, match!.metadata.name));
  }
  while (creates.length > 0 && unmatched.length > 0) updates.push(named(creates.pop()!, unmatched.shift()!.metadata.name));
  return [...creates.map((object): Write => ({ op: 'create', object })), ...updates.map((object): Write => ({ op: 'update', object })), ...unmatched.map(deleteSlice)];
}

function named(slice: EndpointSlice, name: string): EndpointSlice {
  return { ...slice, metadata: { ...slice.metadata, name } };
}

function sameContent(a: EndpointSlice, b: EndpointSlice): boolean {
  return jsonEqual(a.endpoints, b.endpoints) && jsonEqual(a.ports, b.ports) && jsonEqual(a.metadata.labels, b.metadata.labels);
}
