// The resource types `sim get` knows, named as kubectl's discovery names them (plural, singular,
// short names, `plural.group`): core v1, apps/v1, discovery.k8s.io, and the CRDs' `names` (OVN-K's
// helm/ovn-kubernetes/crds, Multus' network-attachment-definitions.k8s.cni.cncf.io).
import type { KubeObject } from '../../../models/kube/types.js';
import { printEndpointSlices } from './endpointslices.js';
import { printEvents } from './events.js';
import { printNamespaces } from './namespaces.js';
import { printNetworkAttachmentDefinitions } from './network-attachment-definitions.js';
import { printNodes } from './nodes.js';
import { printPods } from './pods.js';
import { printServices } from './services.js';
import type { PrintContext } from './table.js';
import { printUserDefinedNetworks } from './user-defined-networks.js';
import { printDaemonSets, printDeployments, printReplicaSets } from './workloads.js';

export interface ResourceType {
  plural: string;
  singular: string;
  shortNames: readonly string[];
  kind: string;
  /** API group, '' for core. */
  group: string;
  namespaced: boolean;
  // A method, so that each printer may take its own object type.
  print(objects: KubeObject[], ctx: PrintContext): string;
}

export const RESOURCE_TYPES: readonly ResourceType[] = [
  { plural: 'pods', singular: 'pod', shortNames: ['po'], kind: 'Pod', group: '', namespaced: true, print: printPods },
  { plural: 'nodes', singular: 'node', shortNames: ['no'], kind: 'Node', group: '', namespaced: false, print: printNodes },
  { plural: 'namespaces', singular: 'namespace', shortNames: ['ns'], kind: 'Namespace', group: '', namespaced: false, print: printNamespaces },
  { plural: 'services', singular: 'service', shortNames: ['svc'], kind: 'Service', group: '', namespaced: true, print: printServices },
  { plural: 'events', singular: 'event', shortNames: ['ev'], kind: 'Event', group: '', namespaced: true, print: printEvents },
  { plural: 'deployments', singular: 'deployment', shortNames: ['deploy'], kind: 'Deployment', group: 'apps', namespaced: true, print: printDeployments },
  { plural: 'replicasets', singular: 'replicaset', shortNames: ['rs'], kind: 'ReplicaSet', group: 'apps', namespaced: true, print: printReplicaSets },
  { plural: 'daemonsets', singular: 'daemonset', shortNames: ['ds'], kind: 'DaemonSet', group: 'apps', namespaced: true, print: printDaemonSets },
  // discovery.k8s.io registers no short name for EndpointSlices.
  { plural: 'endpointslices', singular: 'endpointslice', shortNames: [], kind: 'EndpointSlice', group: 'discovery.k8s.io', namespaced: true, print: printEndpointSlices },
  { plural: 'clusteruserdefinednetworks', singular: 'clusteruserdefinednetwork', shortNames: ['cudn'], kind: 'ClusterUserDefinedNetwork', group: 'k8s.ovn.org', namespaced: false, print: printUserDefinedNetworks },
  { plural: 'userdefinednetworks', singular: 'userdefinednetwork', shortNames: ['udn'], kind: 'UserDefinedNetwork', group: 'k8s.ovn.org', namespaced: true, print: printUserDefinedNetworks },
  { plural: 'network-attachment-definitions', singular: 'network-attachment-definition', shortNames: ['net-attach-def'], kind: 'NetworkAttachmentDefinition', group: 'k8s.cni.cncf.io', namespaced: true, print: printNetworkAttachmentDefinitions },
];

/** The type a user's word names, case-insensitively: `pods`, `pod`, `po`, `Pod`, `pods.v1`, `cudn`, `udn.k8s.ovn.org` … */
export function resolveResourceType(word: string): ResourceType | undefined {
  const lower = word.toLowerCase();
  return RESOURCE_TYPES.find((type) => {
    const names = [type.plural, type.singular, type.kind.toLowerCase(), ...type.shortNames];
    const qualifiers = type.group === '' ? ['v1'] : [type.group, `v1.${type.group}`];
    return names.some((name) => lower === name || qualifiers.some((q) => lower === `${name}.${q}`));
  });
}

/** How the apiserver names the resource in errors: `pods`, `clusteruserdefinednetworks.k8s.ovn.org`. */
export function qualifiedResource(type: ResourceType): string {
  return type.group === '' ? type.plural : `${type.plural}.${type.group}`;
}
