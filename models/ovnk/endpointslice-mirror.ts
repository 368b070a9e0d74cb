// OVN-K's EndpointSlice mirror controller (W-3.2): for each default slice in a namespace whose active
// network is a primary UDN, a mirror whose endpoints carry the pods' UDN addresses. A pod without
// its annotation fails the whole sync, which the engine retries (up to 10 times, then the key waits for
// its next event) and is never written partially.
import { controller, NO_KEYS } from '../controller.js';
import type { ReconcileResult, Write } from '../controller.js';
import type { StoreView } from '../store-view.js';
import { ENDPOINTSLICE_CONTROLLER, MANAGED_BY_LABEL, SERVICE_NAME_LABEL, SLICE_TARGET_INDEX } from '../kube/endpointslice-controller.js';
import type { Endpoint, EndpointSlice, Pod } from '../kube/types.js';
import { isIpv6, stripPrefix } from '../net/cidr.js';
import { activeNetwork } from './networks.js';
import { parsePodNetworks } from './pod-annotations.js';
import { POD_NETWORKS_ANNOTATION } from './types.js';

export const MIRROR_CONTROLLER = 'endpointslice-mirror-controller.k8s.ovn.org';
export const OVN_SERVICE_NAME_LABEL = 'k8s.ovn.org/service-name';
export const SOURCE_SLICE_ANNOTATION = 'k8s.ovn.org/source-endpointslice';
export const SOURCE_VERSION_ANNOTATION = 'k8s.ovn.org/source-endpointslice-version';
export const SLICE_NETWORK_ANNOTATION = 'k8s.ovn.org/endpointslice-network';
const MIRROR_SOURCE_INDEX = 'mirror-source';
const MAX_RETRIES = 10;

export const createEndpointSliceMirror = (delayMs: number) => controller<undefined>({
  name: 'ovnk-endpointslice-mirror',
  delayMs,
  // 5 ms doubling up to 1 s per key, no shared bucket; dropped after 10 retries (the controller's
  // handleErr: NumRequeues(key) < maxRetries).
  retry: { baseDelayMs: 5, maxDelayMs: 1000, maxRetries: MAX_RETRIES },
  indexes: [
    SLICE_TARGET_INDEX,
    {
      kind: 'EndpointSlice',
      name: MIRROR_SOURCE_INDEX,
      fn: (s) => (s.metadata.labels?.[MANAGED_BY_LABEL] === MIRROR_CONTROLLER ? [`${s.metadata.namespace}/${s.metadata.annotations?.[SOURCE_SLICE_ANNOTATION] ?? ''}`] : []),
      unchanged: (s, old) => s.metadata.labels === old.metadata.labels && s.metadata.annotations === old.metadata.annotations,
    },
  ],
  watches: [
    { kind: 'EndpointSlice', keys: (e) => sourceKeyOf(e.object as EndpointSlice) },
    { kind: 'Pod', keys: (e, view) => (e.type === 'MODIFIED' && podNetworksChanged(e.object as Pod, e.old as Pod) ? slicesOfPod(view, e.object as Pod) : NO_KEYS) },
  ],
  initialState: () => undefined,
  reconcile: (key, view, ctx) => mirrorEndpointSlice(key, view, ctx.requeues ?? 0),
});

function sourceKeyOf(slice: EndpointSlice): string[] {
  const managedBy = slice.metadata.labels?.[MANAGED_BY_LABEL];
  if (managedBy === ENDPOINTSLICE_CONTROLLER) return [`${slice.metadata.namespace}/${slice.metadata.name}`];
  if (managedBy === MIRROR_CONTROLLER) return [`${slice.metadata.namespace}/${slice.metadata.annotations?.[SOURCE_SLICE_ANNOTATION] ?? ''}`];
  return [];
}

function podNetworksChanged(pod: Pod, old: Pod | undefined): boolean {
  return pod.metadata.annotations?.[POD_NETWORKS_ANNOTATION] !== old?.metadata.annotations?.[POD_NETWORKS_ANNOTATION];
}

function slicesOfPod(view: StoreView, pod: Pod): string[] {
  return view
    .byIndex<EndpointSlice>('EndpointSlice', SLICE_TARGET_INDEX.name, pod.metadata.uid ?? '')
    .filter((s) => s.metadata.labels?.[MANAGED_BY_LABEL] === ENDPOINTSLICE_CONTROLLER)
    .map((s) => `${s.metadata.namespace}/${s.metadata.name}`)
    .sort();
}

function mirrorEndpointSlice(key: string, view: StoreView, requeues: number): ReconcileResult {
  const [ns = '', name = ''] = key.split('/');
  const source = view.get<EndpointSlice>('EndpointSlice', key);
  const mirrors = view.byIndex<EndpointSlice>('EndpointSlice', MIRROR_SOURCE_INDEX, key);
  const deleteAll = (list: readonly EndpointSlice[]): Write[] => list.map((m) => ({ op: 'delete', kind: 'EndpointSlice', key: `${ns}/${m.metadata.name}` }));
  const active = activeNetwork(view, ns);
  if (!source || active.kind !== 'udn') return { writes: deleteAll(mirrors) };
  if (mirrors.length > 1) return { writes: deleteAll(mirrors), requeueAfterMs: 100 };
  const current = mirrors[0];
  if (current?.metadata.annotations?.[SOURCE_VERSION_ANNOTATION] === source.metadata.resourceVersion) return {};
  const endpoints: Endpoint[] = [];
  for (const endpoint of source.endpoints ?? []) {
    const mapped = mirrorEndpoint(view, ns, endpoint, active.network.nadKey, source.addressType === 'IPv6');
    if (typeof mapped === 'string') return failed(key, mapped, requeues);
    endpoints.push(mapped);
  }
  const serviceName = source.metadata.labels?.[SERVICE_NAME_LABEL] ?? '';
  const mirror: EndpointSlice = {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: {
      name: current?.metadata.name ?? '',
      ...mirrorNaming(current, source, active.network.name),
      namespace: ns,
      labels: { [MANAGED_BY_LABEL]: MIRROR_CONTROLLER, [OVN_SERVICE_NAME_LABEL]: serviceName },
      annotations: {
        [SOURCE_SLICE_ANNOTATION]: name,
        [SOURCE_VERSION_ANNOTATION]: source.metadata.resourceVersion ?? '',
        [SLICE_NETWORK_ANNOTATION]: active.network.name,
      },
      ...(source.metadata.ownerReferences ? { ownerReferences: source.metadata.ownerReferences } : {}),
    },
    addressType: source.addressType,
    endpoints: endpoints.length ? endpoints : null,
    ports: source.ports,
  };
  return { writes: [{ op: current ? 'update' : 'create', object: mirror }] };
}

/** An endpoint with its addresses replaced by the pod's UDN address of the slice's family; or why not. */
function mirrorEndpoint(view: StoreView, ns: string, endpoint: Endpoint, nadKey: string, v6: boolean): Endpoint | string {
  const ref = endpoint.targetRef;
  if (!ref || ref.kind !== 'Pod') return { ...endpoint };
  const pod = view.get<Pod>('Pod', `${ref.namespace ?? ns}/${ref.name}`);
  if (pod?.spec.hostNetwork) return { ...endpoint };
  const networks = pod ? parsePodNetworks(pod.metadata.annotations?.[POD_NETWORKS_ANNOTATION] ?? '') : null;
  const ips = (networks?.[nadKey]?.ip_addresses ?? []).map(stripPrefix).filter((ip) => isIpv6(ip) === v6);
  if (ips.length === 0) return `failed to determine the Pod IP of: ${ref.namespace ?? ns}/${ref.name}`;
  return { ...endpoint, addresses: ips.slice(0, 1) };
}

/** The failed sync, logged; the engine retries it, or drops it once it has been retried MAX_RETRIES times. */
function failed(key: string, error: string, requeues: number): ReconcileResult {
  const message = `error syncing EndpointSlice ${key}: ${error}`;
  return { error, logs: [{ component: 'ovnkube-cluster-manager', level: 'error', message: requeues >= MAX_RETRIES ? `${message}; dropping it after ${MAX_RETRIES} retries` : message }] };
}

/**
 * How a mirror is named (upstream endpointslice_mirror_controller.go, mirrorEndpointSlice): a new
 * one gets a generateName (the API server then draws its name), and an update starts from a copy of
 * the current mirror, so it keeps the generateName it was created with.
 */
function mirrorNaming(current: EndpointSlice | undefined, source: EndpointSlice, networkName: string): { generateName?: string } {
  if (current) return current.metadata.generateName === undefined ? {} : { generateName: current.metadata.generateName };
  return { generateName: mirrorGenerateName(networkName, source.metadata.generateName || source.metadata.name) };
}

/** `<network>-<default generateName>` when that is a valid generateName (a DNS subdomain once the
 * API server appends its suffix), else the default one (upstream getGenerateName, W-3.2). */
export function mirrorGenerateName(networkName: string, defaultGenerateName: string): string {
  const candidate = `${networkName}-${defaultGenerateName}`;
  return isGenerateNameSubdomain(candidate) ? candidate : defaultGenerateName;
}

/** apimachinery's NameIsDNSSubdomain(name, prefix=true): maskTrailingDash turns a trailing `-` into
 * an `a` (dropping the character before it too, an upstream quirk kept here), then
 * IsDNS1123Subdomain: at most 253 characters, dot-separated labels of lower-case alphanumerics and
 * `-` that start and end alphanumeric. */
function isGenerateNameSubdomain(name: string): boolean {
  const masked = name.length > 1 && name.endsWith('-') ? `${name.slice(0, -2)}a` : name;
  return masked.length <= 253 && /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/.test(masked);
}
