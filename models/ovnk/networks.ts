// What a (C)UDN means as a network (W-2.1): its name, topology, role and subnets, read from the
// NetworkAttachmentDefinition OVN-K rendered for a namespace; and a namespace's active network (W-2.2).
import type { StoreView } from '../store-view.js';
import type { Namespace } from '../kube/types.js';
import { labelSelectorMatches } from '../kube/labels.js';
import type { ClusterUserDefinedNetwork, NetworkAttachmentDefinition, NetworkSpec, UserDefinedNetwork } from './types.js';
import { PRIMARY_UDN_JOIN_SUBNETS, PRIMARY_UDN_LABEL, UDN_NAD_LABEL } from './types.js';

export interface NetworkInfo {
  /** `cluster_udn_<name>` or `<ns>_<name>` (W-2.1). */
  name: string;
  topology: 'layer3' | 'layer2' | 'localnet';
  role: 'primary' | 'secondary';
  /** Layer3: `{cidr, hostSubnet}` per family; Layer2: the cluster-wide subnets with no hostSubnet. */
  subnets: Array<{ cidr: string; hostSubnet?: number }>;
  joinSubnets: string[];
  mtu: number;
  /** The NAD key used in pod annotations: `<podNamespace>/<nad name>`. */
  nadKey: string;
  /** The (C)UDN that rendered the NAD, as a store key. */
  owner?: { kind: string; key: string };
}

export function networkNameFor(owner: UserDefinedNetwork | ClusterUserDefinedNetwork): string {
  return owner.kind === 'ClusterUserDefinedNetwork'
    ? `cluster_udn_${owner.metadata.name}`
    : `${owner.metadata.namespace}_${owner.metadata.name}`;
}

export function networkSpecOf(owner: UserDefinedNetwork | ClusterUserDefinedNetwork): NetworkSpec {
  return owner.kind === 'ClusterUserDefinedNetwork' ? owner.spec.network : owner.spec;
}

/** The NAD's CNI config as OVN-K renders it (`subnets` as `cidr/hostSubnet`, comma-joined). */
export function renderNadConfig(networkName: string, nadKey: string, spec: NetworkSpec): string {
  const layer = spec.topology === 'Layer3' ? spec.layer3 : spec.layer2;
  const role = (layer?.role ?? 'Secondary').toLowerCase();
  const subnets =
    spec.topology === 'Layer3'
      ? (spec.layer3?.subnets ?? []).map((s) => `${s.cidr}/${s.hostSubnet ?? (s.cidr.includes(':') ? 64 : 24)}`)
      : (spec.layer2?.subnets ?? []);
  const join = layer?.joinSubnets ?? (role === 'primary' ? PRIMARY_UDN_JOIN_SUBNETS : []);
  const config: Record<string, unknown> = {
    cniVersion: '1.0.0',
    type: 'ovn-k8s-cni-overlay',
    name: networkName,
    netAttachDefName: nadKey,
    topology: spec.topology.toLowerCase(),
    role,
    ...(subnets.length ? { subnets: subnets.join(',') } : {}),
    ...(role === 'primary' ? { joinSubnet: join.join(',') } : {}),
    mtu: layer?.mtu ?? 1400,
  };
  return JSON.stringify(config);
}

const parsed = new WeakMap<NetworkAttachmentDefinition, NetworkInfo | null>();

/** Parses an OVN-K NAD's config (cached per stored object); null for NADs OVN-K did not render. */
export function networkOfNad(nad: NetworkAttachmentDefinition): NetworkInfo | null {
  const hit = parsed.get(nad);
  if (hit !== undefined) return hit;
  let info: NetworkInfo | null = null;
  try {
    const config = JSON.parse(nad.spec.config) as Record<string, unknown>;
    if (config['type'] === 'ovn-k8s-cni-overlay') {
      const subnets = String(config['subnets'] ?? '')
        .split(',')
        .filter(Boolean)
        .map((s) => {
          const parts = s.split('/');
          return parts.length === 3 ? { cidr: `${parts[0]}/${parts[1]}`, hostSubnet: Number(parts[2]) } : { cidr: s };
        });
      info = {
        name: String(config['name']),
        topology: String(config['topology']) as NetworkInfo['topology'],
        role: config['role'] === 'primary' ? 'primary' : 'secondary',
        subnets,
        joinSubnets: String(config['joinSubnet'] ?? '').split(',').filter(Boolean),
        mtu: Number(config['mtu'] ?? 1400),
        nadKey: `${nad.metadata.namespace}/${nad.metadata.name}`,
        ...ownerOf(nad),
      };
    }
  } catch {
    info = null;
  }
  parsed.set(nad, info);
  return info;
}

function ownerOf(nad: NetworkAttachmentDefinition): Pick<NetworkInfo, 'owner'> {
  const ref = nad.metadata.ownerReferences?.[0];
  if (!ref) return {};
  return { owner: { kind: ref.kind, key: ref.kind === 'UserDefinedNetwork' ? `${nad.metadata.namespace}/${ref.name}` : ref.name } };
}

/** Networks (by NAD) present in a namespace, OVN-K's own NADs only. */
export function networksInNamespace(view: StoreView, namespace: string): NetworkInfo[] {
  return view
    .list<NetworkAttachmentDefinition>('NetworkAttachmentDefinition', namespace)
    .filter((n) => n.metadata.labels?.[UDN_NAD_LABEL] !== undefined)
    .map(networkOfNad)
    .filter((n): n is NetworkInfo => n !== null)
    .sort((a, b) => a.nadKey.localeCompare(b.nadKey));
}

export type ActiveNetwork =
  | { kind: 'default' }
  | { kind: 'udn'; network: NetworkInfo }
  /** Labelled, but no usable primary network: pods cannot get their annotation (W-2.2). `nadPending`:
   * a primary (C)UDN targets the namespace but its NAD was not rendered. */
  | { kind: 'missing'; reason: string; nadPending: boolean };

/** W-2.2: only namespaces labelled at creation can have a primary UDN; unlabelled ones use the default network. */
export function activeNetwork(view: StoreView, namespace: string): ActiveNetwork {
  // Asked for every pod event by several models: cached per store until a Namespace, NAD or (C)UDN
  // changes (the four revisions compared as numbers: no string is built per call).
  const namespaces = view.revision('Namespace');
  const nads = view.revision('NetworkAttachmentDefinition');
  const udns = view.revision('UserDefinedNetwork');
  const cudns = view.revision('ClusterUserDefinedNetwork');
  let cache = activeCache.get(view);
  if (!cache || cache.namespaces !== namespaces || cache.nads !== nads || cache.udns !== udns || cache.cudns !== cudns) {
    activeCache.set(view, (cache = { namespaces, nads, udns, cudns, byNamespace: new Map() }));
  }
  let active = cache.byNamespace.get(namespace);
  if (!active) cache.byNamespace.set(namespace, (active = computeActiveNetwork(view, namespace)));
  return active;
}

const activeCache = new WeakMap<StoreView, { namespaces: number; nads: number; udns: number; cudns: number; byNamespace: Map<string, ActiveNetwork> }>();

function computeActiveNetwork(view: StoreView, namespace: string): ActiveNetwork {
  const ns = view.get<Namespace>('Namespace', namespace);
  if (!ns || ns.metadata.labels?.[PRIMARY_UDN_LABEL] === undefined) return { kind: 'default' };
  const primary = networksInNamespace(view, namespace).find((n) => n.role === 'primary');
  if (primary) return { kind: 'udn', network: primary };
  const owner = primaryOwnerOf(view, ns);
  if (owner) return { kind: 'missing', nadPending: true, reason: `primary UDN "${owner}" exists in namespace ${namespace}, but NAD has not been processed yet` };
  return {
    kind: 'missing',
    nadPending: false,
    reason: `invalid primary network state for namespace "${namespace}": a valid primary user defined network or network attachment definition custom resource, and required namespace label "${PRIMARY_UDN_LABEL}" must both be present`,
  };
}

/** The name of a primary UDN in, or a primary CUDN selecting, this namespace (whatever its NAD's fate). */
function primaryOwnerOf(view: StoreView, ns: Namespace): string | undefined {
  const isPrimary = (owner: UserDefinedNetwork | ClusterUserDefinedNetwork) => {
    const spec = networkSpecOf(owner);
    return (spec.topology === 'Layer3' ? spec.layer3 : spec.layer2)?.role === 'Primary';
  };
  const udn = view.list<UserDefinedNetwork>('UserDefinedNetwork', ns.metadata.name).find(isPrimary);
  if (udn) return udn.metadata.name;
  return view
    .list<ClusterUserDefinedNetwork>('ClusterUserDefinedNetwork')
    .filter((c) => isPrimary(c) && labelSelectorMatches(c.spec.namespaceSelector, ns.metadata.labels))
    .map((c) => c.metadata.name)
    .sort()[0];
}

/** Every distinct OVN-K network with a NAD somewhere in the cluster, sorted by name. */
export function allNetworks(view: StoreView): NetworkInfo[] {
  const byName = new Map<string, NetworkInfo>();
  for (const nad of view.list<NetworkAttachmentDefinition>('NetworkAttachmentDefinition')) {
    if (nad.metadata.labels?.[UDN_NAD_LABEL] === undefined) continue;
    const info = networkOfNad(nad);
    if (info && !byName.has(info.name)) byName.set(info.name, info);
  }
  return [...byName.values()].sort((a, b) => a.name.localeCompare(b.name));
}
