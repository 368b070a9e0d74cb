// Test helper: pods, Services and EndpointSlices shaped as a real OpenShift cluster writes them
// (W-1.5, W-2.5, W-3.1, W-3.2), for the address-source and ambient-index tests (W-5.2, W-5.4).
import type { EndpointSlice, Pod, Service } from '../../models/kube/types.js';
import { SLICE_TARGET_INDEX } from '../../models/kube/endpointslice-controller.js';
import { ApiStore } from '../../sim/store/api-store.js';
import { createRng } from '../../sim/engine/rng.js';

export const POD_NETWORKS = 'k8s.ovn.org/pod-networks';
export const NETWORK_STATUS = 'k8s.v1.cni.cncf.io/network-status';
export const KUBE_SERVICE_LABEL = 'kubernetes.io/service-name';
export const OVN_SERVICE_LABEL = 'k8s.ovn.org/service-name';
export const NODE = 'worker-0';

/** A store that can serve as istiod's view, with the index the mirrored-slice sources read. */
export function newStore(): ApiStore {
  const store = new ApiStore(() => 0, 0, createRng(1), createRng(2));
  store.addIndex(SLICE_TARGET_INDEX.kind, SLICE_TARGET_INDEX.name, SLICE_TARGET_INDEX.fn);
  return store;
}

/** Multus' network-status as it writes it: each entry indented on its own, joined by `,` (W-2.5). */
export function networkStatus(entries: Array<{ iface: string; ip: string; mac: string; isDefault: boolean }>): string {
  const entry = (e: (typeof entries)[number]) =>
    [
      '{',
      '    "name": "ovn-kubernetes",',
      `    "interface": "${e.iface}",`,
      '    "ips": [',
      `        "${e.ip}"`,
      '    ],',
      `    "mac": "${e.mac}",`,
      ...(e.isDefault ? ['    "default": true,'] : []),
      '    "dns": {}',
      '}',
    ].join('\n');
  return `[${entries.map(entry).join(',')}]`;
}

export interface PodOptions {
  namespace: string;
  name: string;
  uid: string;
  ip: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  hostNetwork?: boolean;
  ready?: boolean;
  phase?: 'Pending' | 'Running' | 'Succeeded' | 'Failed';
  deleting?: boolean;
  serviceAccount?: string;
  replicaSet?: string;
  containerPorts?: Array<{ name?: string; containerPort: number }>;
}

export function pod(o: PodOptions): Pod {
  const hash = o.replicaSet?.slice(o.replicaSet.lastIndexOf('-') + 1);
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: o.name,
      namespace: o.namespace,
      uid: o.uid,
      labels: { ...(o.labels ?? {}), ...(hash ? { 'pod-template-hash': hash } : {}) },
      ...(o.annotations ? { annotations: o.annotations } : {}),
      ...(o.replicaSet
        ? { ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: o.replicaSet, uid: `${o.replicaSet}-uid`, controller: true }] }
        : {}),
      ...(o.deleting ? { deletionTimestamp: '2025-01-01T00:00:30Z' } : {}),
    },
    spec: {
      nodeName: NODE,
      ...(o.hostNetwork ? { hostNetwork: true } : {}),
      serviceAccountName: o.serviceAccount ?? 'default',
      containers: [{ name: 'app', image: 'registry.example/app:1', ...(o.containerPorts ? { ports: o.containerPorts } : {}) }],
    },
    status: {
      phase: o.phase ?? 'Running',
      hostIP: '10.0.128.7',
      ...(o.ip ? { podIP: o.ip, podIPs: [{ ip: o.ip }] } : {}),
      conditions: [{ type: 'Ready', status: o.ready === false ? 'False' : 'True' }],
    },
  };
}

// ---- The seed's httpbin pod on the primary CUDN `ossm-l3-cudn` (3.3.0.0/16), default IP 10.131.1.42.

export const UDN_POD = { namespace: 'httpbin', name: 'httpbin-7bfcbb4dbd-6fxmz', uid: '5f0c3a1e-8d2b-4c7a-9e41-2b6d8f7a0c11' } as const;
export const UDN_POD_DEFAULT_IP = '10.131.1.42';
export const UDN_POD_UDN_IP = '3.3.0.11';
export const UDN_NAD_KEY = 'httpbin/ossm-l3-cudn';

/** The MAC OVN-K derives from an IPv4 address (W-2.4). */
export function macOf(ip: string): string {
  return `0a:58:${ip.split('.').map((b) => Number(b).toString(16).padStart(2, '0')).join(':')}`;
}

export function udnPodNetworks(defaultIp = UDN_POD_DEFAULT_IP, udnIp = UDN_POD_UDN_IP, nadKey = UDN_NAD_KEY): string {
  return (
    `{"default":{"ip_addresses":["${defaultIp}/23"],"mac_address":"${macOf(defaultIp)}","routes":[{"dest":"10.128.0.0/14","nextHop":"10.131.0.1"},{"dest":"100.64.0.0/16","nextHop":"10.131.0.1"}],"ip_address":"${defaultIp}/23","role":"infrastructure-locked"},` +
    `"${nadKey}":{"ip_addresses":["${udnIp}/24"],"mac_address":"${macOf(udnIp)}","gateway_ips":["3.3.0.1"],"routes":[{"dest":"3.3.0.0/16","nextHop":"3.3.0.1"},{"dest":"172.30.0.0/16","nextHop":"3.3.0.1"},{"dest":"100.65.0.0/16","nextHop":"3.3.0.1"}],"ip_address":"${udnIp}/24","gateway_ip":"3.3.0.1","role":"primary"}}`
  );
}

export function udnNetworkStatus(defaultIp = UDN_POD_DEFAULT_IP, udnIp = UDN_POD_UDN_IP): string {
  return networkStatus([
    { iface: 'eth0', ip: defaultIp, mac: macOf(defaultIp), isDefault: false },
    { iface: 'ovn-udn1', ip: udnIp, mac: macOf(udnIp), isDefault: true },
  ]);
}

export interface UdnPodOptions extends Partial<Omit<PodOptions, 'ip'>> {
  defaultIp?: string;
  udnIp?: string;
  /** The annotation's text; `null` models a cluster without Multus. Default: the real one. */
  networkStatus?: string | null;
}

/** A pod on the primary CUDN `ossm-l3-cudn`; by default the seed's httpbin pod. */
export function udnPod(options: UdnPodOptions = {}): Pod {
  const { defaultIp = UDN_POD_DEFAULT_IP, udnIp = UDN_POD_UDN_IP, networkStatus: statusText, annotations, ...rest } = options;
  const namespace = rest.namespace ?? UDN_POD.namespace;
  const text = statusText === undefined ? udnNetworkStatus(defaultIp, udnIp) : statusText;
  return pod({
    ...UDN_POD,
    labels: { app: 'httpbin', version: 'v1' },
    serviceAccount: 'httpbin',
    replicaSet: 'httpbin-7bfcbb4dbd',
    containerPorts: [{ containerPort: 8000 }],
    ...rest,
    ip: defaultIp,
    annotations: {
      [POD_NETWORKS]: udnPodNetworks(defaultIp, udnIp, `${namespace}/ossm-l3-cudn`),
      ...(text === null ? {} : { [NETWORK_STATUS]: text }),
      ...(annotations ?? {}),
    },
  });
}

// ---- A pod in an unlabelled namespace, on the default network only.

export const DEFAULT_POD = { namespace: 'legacy', name: 'web-6d8f9c7b5d-k2x9q', uid: '0b7e2c44-1f3a-4d5e-8a6b-7c8d9e0f1a2b' } as const;
export const DEFAULT_POD_IP = '10.129.2.15';

export function defaultPodNetworks(ip = DEFAULT_POD_IP, mac = macOf(ip)): string {
  return (
    `{"default":{"ip_addresses":["${ip}/23"],"mac_address":"${mac}","gateway_ips":["10.129.2.1"],` +
    `"routes":[{"dest":"10.128.0.0/14","nextHop":"10.129.2.1"},{"dest":"172.30.0.0/16","nextHop":"10.129.2.1"},{"dest":"169.254.0.5/32","nextHop":"10.129.2.1"},{"dest":"100.64.0.0/16","nextHop":"10.129.2.1"}],` +
    `"ip_address":"${ip}/23","gateway_ip":"10.129.2.1","role":"primary"}}`
  );
}

export function defaultNetworkStatus(ip = DEFAULT_POD_IP, mac = macOf(ip)): string {
  return networkStatus([{ iface: 'eth0', ip, mac, isDefault: true }]);
}

export function defaultPod(): Pod {
  return pod({
    ...DEFAULT_POD,
    ip: DEFAULT_POD_IP,
    labels: { app: 'web' },
    serviceAccount: 'web',
    replicaSet: 'web-6d8f9c7b5d',
    containerPorts: [{ name: 'http', containerPort: 8080 }],
    annotations: { [POD_NETWORKS]: defaultPodNetworks(), [NETWORK_STATUS]: defaultNetworkStatus() },
  });
}

// ---- A host-network pod: status IP = the node's IP, no network annotations.

export const HOST_POD = { namespace: 'openshift-monitoring', name: 'node-exporter-4xq7z', uid: '9c1d2e3f-4a5b-4c6d-8e7f-8091a2b3c4d5' } as const;
export const NODE_IP = '10.0.128.7';

export function hostPod(): Pod {
  return pod({ ...HOST_POD, ip: NODE_IP, hostNetwork: true, labels: { app: 'node-exporter' }, serviceAccount: 'node-exporter' });
}

// ---- Services and slices.

export function service(namespace: string, name: string, spec: Partial<Service['spec']> & { clusterIP: string }): Service {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, namespace, uid: `${namespace}-${name}-svc-uid` },
    spec: { type: 'ClusterIP', clusterIPs: [spec.clusterIP], ipFamilies: ['IPv4'], ...spec },
  };
}

export interface EndpointFor {
  pod: { namespace: string; name: string; uid: string };
  addresses: string[];
  /** Overrides for the targetRef (a stale uid, another name, another kind). */
  targetRef?: { kind?: string; name?: string; uid?: string };
  ready?: boolean;
}

function endpoints(list: EndpointFor[]): EndpointSlice['endpoints'] {
  return list.map((e) => ({
    addresses: e.addresses,
    conditions: { ready: e.ready ?? true, serving: e.ready ?? true, terminating: false },
    nodeName: NODE,
    targetRef: {
      kind: e.targetRef?.kind ?? 'Pod',
      namespace: e.pod.namespace,
      name: e.targetRef?.name ?? e.pod.name,
      uid: e.targetRef?.uid ?? e.pod.uid,
    },
  }));
}

/** A slice of Service `serviceName` with the given labels (and annotations); the parts both
 * controllers write alike. */
function slice(namespace: string, name: string, serviceName: string, list: EndpointFor[], port: number, labels: Record<string, string>, annotations?: Record<string, string>): EndpointSlice {
  return {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: {
      name,
      namespace,
      generateName: `${serviceName}-`,
      labels,
      ...(annotations ? { annotations } : {}),
      ownerReferences: [{ apiVersion: 'v1', kind: 'Service', name: serviceName, uid: `${namespace}-${serviceName}-svc-uid`, controller: true }],
    },
    addressType: 'IPv4',
    endpoints: endpoints(list),
    ports: [{ name: 'http', port, protocol: 'TCP' }],
  };
}

/** A slice as Kubernetes' EndpointSlice controller writes it (W-3.1). */
export function defaultSlice(namespace: string, name: string, serviceName: string, list: EndpointFor[], port = 8000): EndpointSlice {
  return slice(namespace, name, serviceName, list, port, { 'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io', [KUBE_SERVICE_LABEL]: serviceName });
}

/** OVN-K's mirror of a default slice (W-3.2): `k8s.ovn.org/service-name`, no `kubernetes.io/service-name`. */
export function mirrorSlice(namespace: string, name: string, serviceName: string, source: string, list: EndpointFor[], port = 8000): EndpointSlice {
  return slice(namespace, name, serviceName, list, port, { 'endpointslice.kubernetes.io/managed-by': 'endpointslice-mirror-controller.k8s.ovn.org', [OVN_SERVICE_LABEL]: serviceName }, {
    'k8s.ovn.org/source-endpointslice': source,
    'k8s.ovn.org/source-endpointslice-version': '1042',
    'k8s.ovn.org/endpointslice-network': 'cluster_udn_ossm-l3-cudn',
  });
}

/** httpbin's default slice (status IP) and its mirror (UDN IP), as on the seed cluster. */
export const HTTPBIN_DEFAULT_SLICE = 'httpbin-vk9fm';
export const HTTPBIN_MIRROR_SLICE = 'httpbin-vs7cz';

export function httpbinDefaultSlice(): EndpointSlice {
  return defaultSlice('httpbin', HTTPBIN_DEFAULT_SLICE, 'httpbin', [{ pod: UDN_POD, addresses: [UDN_POD_DEFAULT_IP] }]);
}

export function httpbinMirrorSlice(endpoint: Partial<EndpointFor> = {}): EndpointSlice {
  return mirrorSlice('httpbin', HTTPBIN_MIRROR_SLICE, 'httpbin', HTTPBIN_DEFAULT_SLICE, [{ pod: UDN_POD, addresses: [UDN_POD_UDN_IP], ...endpoint }]);
}
