// Secondary networks a pod asks for (W-2.1, issue #4): the Multus annotation
// `k8s.v1.cni.cncf.io/networks` names NADs (`nad`, `ns/nad`, `nad@iface` or a JSON list); each OVN-K
// secondary network adds an interface net1, net2, … and a `role: secondary` pod-networks entry. The
// pod's primary network is left alone, and secondary networks are never mirrored.
import type { Pod } from '../kube/types.js';
import type { StoreView } from '../store-view.js';
import { networkOfNad, type NetworkInfo } from './networks.js';
import type { NetworkAttachmentDefinition } from './types.js';

export const NETWORKS_ANNOTATION = 'k8s.v1.cni.cncf.io/networks';

export interface SecondaryRequest {
  namespace: string;
  name: string;
  interface: string;
}

/** The NADs a pod asks for, in order, with the interface each gets; [] when none or malformed. */
export function requestedSecondaryNetworks(pod: Pod): SecondaryRequest[] {
  const text = pod.metadata.annotations?.[NETWORKS_ANNOTATION]?.trim();
  if (!text) return [];
  const podNs = pod.metadata.namespace ?? 'default';
  let raw: Array<{ name: string; namespace?: string; interface?: string }>;
  if (text.startsWith('[')) {
    try {
      const parsed = JSON.parse(text) as unknown;
      if (!Array.isArray(parsed)) return [];
      raw = parsed.filter((e): e is { name: string } => typeof e === 'object' && e !== null && typeof (e as { name?: unknown }).name === 'string');
    } catch {
      return [];
    }
  } else {
    raw = text.split(',').map((item) => {
      const [ref = '', iface] = item.trim().split('@');
      const [nsOrName = '', name] = ref.split('/');
      return name === undefined ? { name: nsOrName, ...(iface ? { interface: iface } : {}) } : { namespace: nsOrName, name, ...(iface ? { interface: iface } : {}) };
    });
  }
  return raw.map((r, i) => ({ namespace: r.namespace ?? podNs, name: r.name, interface: r.interface ?? `net${i + 1}` }));
}

/** Each requested NAD that is an OVN-K secondary network, with its network. */
export function secondaryNetworksOf(pod: Pod, view: StoreView): Array<{ request: SecondaryRequest; network: NetworkInfo }> {
  return requestedSecondaryNetworks(pod).flatMap((request) => {
    const nad = view.get<NetworkAttachmentDefinition>('NetworkAttachmentDefinition', `${request.namespace}/${request.name}`);
    const network = nad ? networkOfNad(nad) : null;
    return network && network.role === 'secondary' ? [{ request, network }] : [];
  });
}
