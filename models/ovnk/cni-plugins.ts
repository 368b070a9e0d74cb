// OVN-K's CNI (ovn-k8s-cni-overlay) and Multus as kubelet's CNI chain sees them: the sandbox waits
// for `k8s.ovn.org/pod-networks` (W-2.2), eth0's address becomes status.podIPs (W-1.5), and Multus
// records `k8s.v1.cni.cncf.io/network-status` when the cluster runs it (W-2.5).
import type { CniPlugin } from '../kube/cni.js';
import { stripPrefix } from '../net/cidr.js';
import { activeNetwork } from './networks.js';
import { formatNetworkStatus, networkStatusEntriesFor } from './network-status.js';
import { parsePodNetworks } from './pod-annotations.js';
import { NETWORK_STATUS_ANNOTATION, POD_NETWORKS_ANNOTATION } from './types.js';
import { requestedSecondaryNetworks } from './secondary-networks.js';

const ANNOTATION_TIMEOUT = 'failed to get pod annotation: timed out waiting for annotations: context deadline exceeded';

export const ovnKubernetesCni: CniPlugin = {
  name: 'ovn-k8s-cni-overlay',
  setUp(pod, view) {
    const text = pod.metadata.annotations?.[POD_NETWORKS_ANNOTATION];
    const networks = text ? parsePodNetworks(text) : null;
    const active = activeNetwork(view, pod.metadata.namespace ?? 'default');
    if (active.kind === 'missing' && active.nadPending) return { ok: false, reason: active.reason };
    if (!networks?.['default'] || (active.kind === 'udn' && !networks[active.network.nadKey])) return { ok: false, reason: ANNOTATION_TIMEOUT };
    return { ok: true, podIps: networks['default'].ip_addresses.map(stripPrefix) };
  },
};

export const multusCni: CniPlugin = {
  name: 'multus',
  setUp(pod, _view, cluster) {
    if (!cluster.multus) return { ok: true };
    const networks = parsePodNetworks(pod.metadata.annotations?.[POD_NETWORKS_ANNOTATION] ?? '');
    if (!networks) return { ok: false, reason: 'no pod-networks annotation' };
    const secondaries = requestedSecondaryNetworks(pod).flatMap((request) => {
      const entry = networks[`${request.namespace}/${request.name}`];
      if (!entry) return [];
      return [{ name: `${request.namespace}/${request.name}`, interface: request.interface, ips: entry.ip_addresses.map(stripPrefix), mac: entry.mac_address, dns: {} }];
    });
    const entries = [...networkStatusEntriesFor(networks), ...secondaries];
    return { ok: true, annotations: { [NETWORK_STATUS_ANNOTATION]: formatNetworkStatus(entries) } };
  },
};
