// OVN-K's custom resources (group k8s.ovn.org/v1, W-2.1) and the Multus NetworkAttachmentDefinition
// they render, typed as the API defines them.
import type { Condition, KubeObject, LabelSelector } from '../kube/types.js';

export interface Layer3Config {
  role: 'Primary' | 'Secondary';
  mtu?: number;
  subnets: Array<{ cidr: string; hostSubnet?: number }>;
  joinSubnets?: string[];
}

export interface Layer2Config {
  role: 'Primary' | 'Secondary';
  mtu?: number;
  subnets?: string[];
  joinSubnets?: string[];
  ipam?: { mode?: 'Enabled' | 'Disabled'; lifecycle?: 'Persistent' };
}

export interface NetworkSpec {
  topology: 'Layer3' | 'Layer2' | 'Localnet';
  layer3?: Layer3Config;
  layer2?: Layer2Config;
}

export interface UserDefinedNetwork extends KubeObject {
  kind: 'UserDefinedNetwork';
  spec: NetworkSpec;
  status?: { conditions?: Condition[] };
}

export interface ClusterUserDefinedNetwork extends KubeObject {
  kind: 'ClusterUserDefinedNetwork';
  spec: { namespaceSelector: LabelSelector; network: NetworkSpec };
  status?: { conditions?: Condition[] };
}

export interface NetworkAttachmentDefinition extends KubeObject {
  kind: 'NetworkAttachmentDefinition';
  spec: { config: string };
}

export const PRIMARY_UDN_LABEL = 'k8s.ovn.org/primary-user-defined-network';
export const POD_NETWORKS_ANNOTATION = 'k8s.ovn.org/pod-networks';
export const NETWORK_STATUS_ANNOTATION = 'k8s.v1.cni.cncf.io/network-status';
export const NODE_SUBNETS_ANNOTATION = 'k8s.ovn.org/node-subnets';
export const UDN_NAD_LABEL = 'k8s.ovn.org/user-defined-network';
/** On every (C)UDN and the NADs it renders (userdefinednetwork/template FinalizerUserDefinedNetwork). */
export const UDN_FINALIZER = 'k8s.ovn.org/user-defined-network-protection';
export const DEFAULT_NETWORK = 'default';
export const DEFAULT_JOIN_SUBNETS = ['100.64.0.0/16', 'fd98::/64'];
export const PRIMARY_UDN_JOIN_SUBNETS = ['100.65.0.0/16', 'fd99::/64'];
