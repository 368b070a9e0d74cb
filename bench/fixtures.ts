// The seed cluster at scale for benchmarks (W-0, W-2.4, W-3.1, W-3.2): 200-pod namespaces on the
// Layer3 primary CUDN 3.3.0.0/16 (/24 per node) over 250 nodes, 10 pods per Service, each Service
// with its default EndpointSlice and OVN-K's mirror. Annotation text is templated (fast) and checked
// once against the models' own formatters, so the sources parse exactly what OVN-K and Multus write.
import { ApiStore } from '../sim/store/api-store.js';
import { createRng } from '../sim/engine/rng.js';
import { SLICE_TARGET_INDEX } from '../models/kube/endpointslice-controller.js';
import { REDIRECTION_ANNOTATION } from '../models/istio/types.js';
import { ENDPOINTSLICE_CONTROLLER, MANAGED_BY_LABEL, SERVICE_NAME_LABEL } from '../models/kube/endpointslice-controller.js';
import { nameAlphabet } from '../models/kube/names.js';
import { controllerRef } from '../models/kube/owners.js';
import type { Endpoint, EndpointSlice, Namespace, Pod, Service } from '../models/kube/types.js';
import { formatIpv4 } from '../models/net/cidr.js';
import { MIRROR_CONTROLLER, OVN_SERVICE_NAME_LABEL, SLICE_NETWORK_ANNOTATION, SOURCE_SLICE_ANNOTATION, SOURCE_VERSION_ANNOTATION, mirrorGenerateName } from '../models/ovnk/endpointslice-mirror.js';
import { macForIpv4Number } from '../models/ovnk/mac.js';
import { buildDefaultEntry, buildLayer3PrimaryEntry, formatPodNetworks } from '../models/ovnk/pod-annotations.js';
import { formatNetworkStatus, networkStatusEntriesFor } from '../models/ovnk/network-status.js';
import { NETWORK_STATUS_ANNOTATION, POD_NETWORKS_ANNOTATION } from '../models/ovnk/types.js';

export const NODE_COUNT = 250;
export const PODS_PER_NAMESPACE = 200;
export const PODS_PER_SERVICE = 10;
const CUDN = 'ossm-l3-cudn';
const NETWORK_NAME = `cluster_udn_${CUDN}`;
const DEFAULT_BASE = 10 * 2 ** 24 + 128 * 2 ** 16; // 10.128.0.0/14, hostPrefix 23 (W-1.1 defaults)
const UDN_BASE = 3 * 2 ** 24 + 3 * 2 ** 16; // 3.3.0.0/16, hostSubnet 24

export interface ScaledCluster {
  store: ApiStore;
  podCount: number;
  namespaces: string[];
  /** The middle pod of the middle namespace: the one whose update is timed. */
  middlePod: Pod;
}

interface PodAddresses {
  node: number;
  defaultIp: number;
  udnIp: number;
}

/** Round-robin over the nodes, as the scheduler spreads replicas; OVN-K gives each node's pods .3 up. */
function addressesOf(globalIndex: number): PodAddresses {
  const node = globalIndex % NODE_COUNT;
  const slot = Math.floor(globalIndex / NODE_COUNT);
  return { node, defaultIp: DEFAULT_BASE + node * 512 + 3 + slot, udnIp: UDN_BASE + node * 256 + 3 + slot };
}

/** `k8s.ovn.org/pod-networks` as formatPodNetworks writes it for a pod on the primary UDN. */
function podNetworksText(a: PodAddresses, nadKey: string): string {
  const ip = formatIpv4(a.defaultIp);
  const gw = formatIpv4(DEFAULT_BASE + a.node * 512 + 1);
  const udn = formatIpv4(a.udnIp);
  const udnGw = formatIpv4(UDN_BASE + a.node * 256 + 1);
  const locked =
    `"default":{"ip_addresses":["${ip}/23"],"mac_address":"${macForIpv4Number(a.defaultIp)}","routes":[{"dest":"10.128.0.0/14","nextHop":"${gw}"},` +
    `{"dest":"100.64.0.0/16","nextHop":"${gw}"}],"ip_address":"${ip}/23","role":"infrastructure-locked"}`;
  const primary =
    `"${nadKey}":{"ip_addresses":["${udn}/24"],"mac_address":"${macForIpv4Number(a.udnIp)}","gateway_ips":["${udnGw}"],"routes":[{"dest":"3.3.0.0/16","nextHop":"${udnGw}"},` +
    `{"dest":"172.30.0.0/16","nextHop":"${udnGw}"},{"dest":"100.65.0.0/16","nextHop":"${udnGw}"}],"ip_address":"${udn}/24","gateway_ip":"${udnGw}","role":"primary"}`;
  return nadKey < 'default' ? `{${primary},${locked}}` : `{${locked},${primary}}`;
}

/** Multus' `k8s.v1.cni.cncf.io/network-status`: eth0, then ovn-udn1 with `"default": true`. */
function networkStatusText(a: PodAddresses): string {
  const entry = (iface: string, ip: number, isDefault: boolean) =>
    `{\n    "name": "ovn-kubernetes",\n    "interface": "${iface}",\n    "ips": [\n        "${formatIpv4(ip)}"\n    ],\n` +
    `    "mac": "${macForIpv4Number(ip)}",\n${isDefault ? '    "default": true,\n' : ''}    "dns": {}\n}`;
  return `[${entry('eth0', a.defaultIp, false)},${entry('ovn-udn1', a.udnIp, true)}]`;
}

/** Fails loudly if the templates drift from what the models write (checked once per cluster). */
function checkAnnotationTemplates(a: PodAddresses, nadKey: string): void {
  const networks = {
    default: buildDefaultEntry({ podIps: [`${formatIpv4(a.defaultIp)}/23`], clusterSubnets: ['10.128.0.0/14'], serviceCidrs: ['172.30.0.0/16'], masqueradeSubnets: ['169.254.0.0/17'], onPrimaryUdn: true }),
    [nadKey]: buildLayer3PrimaryEntry({ podIps: [`${formatIpv4(a.udnIp)}/24`], clusterSubnets: ['3.3.0.0/16'], serviceCidrs: ['172.30.0.0/16'] }),
  };
  if (podNetworksText(a, nadKey) !== formatPodNetworks(networks)) throw new Error(`bench fixture: pod-networks template drifted from formatPodNetworks:\n${podNetworksText(a, nadKey)}\n${formatPodNetworks(networks)}`);
  const status = formatNetworkStatus(networkStatusEntriesFor(networks));
  if (networkStatusText(a) !== status) throw new Error(`bench fixture: network-status template drifted from formatNetworkStatus:\n${networkStatusText(a)}\n${status}`);
}

function suffixOf(n: number): string {
  let text = '';
  for (let i = 0; i < 5; i++, n = Math.floor(n / nameAlphabet.length)) text += nameAlphabet[n % nameAlphabet.length];
  return text;
}

function podOf(ns: string, service: string, hash: string, replica: number, a: PodAddresses): Pod {
  const ip = formatIpv4(a.defaultIp);
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: `${service}-${hash}-${suffixOf(replica * 7919 + a.defaultIp)}`,
      namespace: ns,
      labels: { app: service, version: 'v1', 'pod-template-hash': hash },
      annotations: {
        [POD_NETWORKS_ANNOTATION]: podNetworksText(a, `${ns}/${CUDN}`),
        [NETWORK_STATUS_ANNOTATION]: networkStatusText(a),
        [REDIRECTION_ANNOTATION]: 'enabled',
      },
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: `${service}-${hash}`, uid: `rs-${ns}-${service}`, controller: true, blockOwnerDeletion: true }],
    },
    spec: {
      nodeName: `worker-${a.node}`,
      serviceAccountName: service,
      containers: [{ name: 'app', image: 'quay.io/sridhargaddam/kong/httpbin:latest', ports: [{ name: 'http', containerPort: 8000, protocol: 'TCP' }] }],
    },
    status: {
      phase: 'Running',
      conditions: [{ type: 'Ready', status: 'True' }],
      hostIP: formatIpv4(10 * 2 ** 24 + a.node + 10),
      podIP: ip,
      podIPs: [{ ip }],
    },
  };
}

function serviceOf(ns: string, name: string, clusterIp: string): Service {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, namespace: ns, labels: { app: name } },
    spec: { type: 'ClusterIP', selector: { app: name }, clusterIP: clusterIp, clusterIPs: [clusterIp], ipFamilies: ['IPv4'], ports: [{ name: 'http', protocol: 'TCP', port: 8000, targetPort: 8000 }] },
  };
}

/** The endpointslice-controller's slice for a Service, then OVN-K's mirror of it (UDN addresses). */
function createSlices(store: ApiStore, service: Service, pods: Array<{ pod: Pod; a: PodAddresses }>): void {
  const ns = service.metadata.namespace ?? '';
  const ordered = [...pods].sort((x, y) => x.pod.metadata.name.localeCompare(y.pod.metadata.name));
  const endpointOf = ({ pod, a }: { pod: Pod; a: PodAddresses }, ip: number): Endpoint => ({
    addresses: [formatIpv4(ip)],
    conditions: { ready: true, serving: true, terminating: false },
    nodeName: `worker-${a.node}`,
    targetRef: { kind: 'Pod', namespace: ns, name: pod.metadata.name, uid: pod.metadata.uid ?? '' },
  });
  const ports = [{ name: 'http', port: 8000, protocol: 'TCP' as const }];
  const owner = [controllerRef(service)];
  const source = store.create<EndpointSlice>({
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: { name: '', generateName: `${service.metadata.name}-`, namespace: ns, labels: { app: service.metadata.name, [SERVICE_NAME_LABEL]: service.metadata.name, [MANAGED_BY_LABEL]: ENDPOINTSLICE_CONTROLLER }, ownerReferences: owner },
    addressType: 'IPv4',
    endpoints: ordered.map((p) => endpointOf(p, p.a.defaultIp)),
    ports,
  });
  store.create<EndpointSlice>({
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: {
      name: '',
      generateName: mirrorGenerateName(NETWORK_NAME, `${service.metadata.name}-`),
      namespace: ns,
      labels: { [MANAGED_BY_LABEL]: MIRROR_CONTROLLER, [OVN_SERVICE_NAME_LABEL]: service.metadata.name },
      annotations: { [SOURCE_SLICE_ANNOTATION]: source.metadata.name, [SOURCE_VERSION_ANNOTATION]: source.metadata.resourceVersion ?? '', [SLICE_NETWORK_ANNOTATION]: NETWORK_NAME },
      ownerReferences: owner,
    },
    addressType: 'IPv4',
    endpoints: ordered.map((p) => endpointOf(p, p.a.udnIp)),
    ports,
  });
}

/** A store holding `podCount` pods (a multiple of 200) laid out like the seed cluster at scale. */
export function buildScaledCluster(podCount: number): ScaledCluster {
  if (podCount % PODS_PER_NAMESPACE !== 0 || podCount > NODE_COUNT * PODS_PER_NAMESPACE) throw new Error(`bench fixture: ${podCount} pods is not a multiple of ${PODS_PER_NAMESPACE} up to ${NODE_COUNT * PODS_PER_NAMESPACE}`);
  const store = new ApiStore(() => 0, 0, createRng(1), createRng(2));
  // Registered exactly as istiod-controller.ts declares it.
  store.addIndex(SLICE_TARGET_INDEX.kind, SLICE_TARGET_INDEX.name, SLICE_TARGET_INDEX.fn);
  checkAnnotationTemplates(addressesOf(podCount >> 1), `tenant-000/${CUDN}`);
  const namespaces: string[] = [];
  for (let n = 0; n < podCount / PODS_PER_NAMESPACE; n++) {
    const ns = `tenant-${String(n).padStart(3, '0')}`;
    namespaces.push(ns);
    store.create<Namespace>({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns, labels: { 'kubernetes.io/metadata.name': ns, 'k8s.ovn.org/primary-user-defined-network': '', 'istio.io/dataplane-mode': 'ambient' } } });
    for (let s = 0; s < PODS_PER_NAMESPACE / PODS_PER_SERVICE; s++) {
      const name = `svc-${String(s).padStart(2, '0')}`;
      const serviceIndex = (n * PODS_PER_NAMESPACE) / PODS_PER_SERVICE + s + 16;
      const service = store.create(serviceOf(ns, name, `172.30.${serviceIndex >> 8}.${serviceIndex & 255}`));
      const hash = suffixOf(serviceIndex * 104729).repeat(2);
      const pods: Array<{ pod: Pod; a: PodAddresses }> = [];
      for (let r = 0; r < PODS_PER_SERVICE; r++) {
        const a = addressesOf(n * PODS_PER_NAMESPACE + s * PODS_PER_SERVICE + r);
        pods.push({ pod: store.create(podOf(ns, name, hash, r, a)), a });
      }
      createSlices(store, service, pods);
    }
  }
  // The same place at every size (the middle namespace's middle pod), so a scan of its namespace
  // does the same work whatever the cluster size.
  const middleNamespace = namespaces[namespaces.length >> 1] ?? '';
  const middlePod = store.list<Pod>('Pod', middleNamespace)[PODS_PER_NAMESPACE >> 1];
  if (!middlePod) throw new Error('bench fixture: no middle pod');
  return { store, podCount, namespaces, middlePod };
}
