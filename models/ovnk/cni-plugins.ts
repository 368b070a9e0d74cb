// OVN-K's CNI and Multus as kubelet's CNI chain sees them: the sandbox waits for pod-networks (W-2.2),
// eth0's address becomes status.podIPs (W-1.5); Multus, when the cluster runs it, records network-status
// (W-2.5) and an AddedInterface event per delegate (multus-cni pkg/multus/multus.go DelegateAdd).
import type { CniEvent, CniPlugin } from '../kube/cni.js';
import { stripPrefix } from '../net/cidr.js';
import { activeNetwork } from './networks.js';
import { formatNetworkStatus, networkStatusEntriesFor, primaryUdnEntry } from './network-status.js';
import { parsePodNetworks, type PodNetworkEntry } from './pod-annotations.js';
import { NETWORK_STATUS_ANNOTATION, POD_NETWORKS_ANNOTATION } from './types.js';
import { requestedSecondaryNetworks, type SecondaryRequest } from './secondary-networks.js';

const ANNOTATION_TIMEOUT = 'failed to get pod annotation: timed out waiting for annotations: context deadline exceeded';

/** The cluster default network's CNI config name (OpenShift's 10-ovn-kubernetes.conf), Multus' delegate name for it. */
const CLUSTER_NETWORK_NAME = 'ovn-kubernetes';

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
    const attached = requestedSecondaryNetworks(pod).flatMap((request) => {
      const entry = networks[`${request.namespace}/${request.name}`];
      return entry ? [{ request, entry }] : [];
    });
    const secondaries = attached.map(({ request, entry }) => ({ name: `${request.namespace}/${request.name}`, interface: request.interface, ips: entry.ip_addresses.map(stripPrefix), mac: entry.mac_address, dns: {} }));
    const entries = [...networkStatusEntriesFor(networks), ...secondaries];
    return { ok: true, annotations: { [NETWORK_STATUS_ANNOTATION]: formatNetworkStatus(entries) }, events: addedInterfaceEvents(networks, attached) };
  },
};

/**
 * DelegateAdd's `Add <ifname> <IPs of the CNI result> from <delegate name>`, one per delegate: the
 * cluster network on eth0, whose result (ovn-kubernetes cni/cniserver.go mergePrimaryUDNResponse)
 * holds eth0's addresses then the primary UDN's; then each secondary network on its interface,
 * named `<namespace>/<nad>`. The addresses keep their prefix (net.IPNet's String), printed as Go
 * prints a []string: `[a b]`.
 */
function addedInterfaceEvents(networks: Record<string, PodNetworkEntry>, attached: ReadonlyArray<{ request: SecondaryRequest; entry: PodNetworkEntry }>): CniEvent[] {
  const eth0 = networks['default'];
  const events: CniEvent[] = [];
  if (eth0 !== undefined) {
    const udn = primaryUdnEntry(networks);
    const ips = udn === undefined ? eth0.ip_addresses : [...eth0.ip_addresses, ...udn.ip_addresses];
    events.push(addedInterface('eth0', ips, CLUSTER_NETWORK_NAME));
  }
  for (const { request, entry } of attached) events.push(addedInterface(request.interface, entry.ip_addresses, `${request.namespace}/${request.name}`));
  return events;
}

function addedInterface(ifname: string, ips: readonly string[], delegate: string): CniEvent {
  // Joined flat: the message is kept per pod (a template literal would keep a rope of its parts).
  return { type: 'Normal', reason: 'AddedInterface', message: ['Add ', ifname, ' [', ips.join(' '), '] from ', delegate].join(''), component: 'multus' };
}
