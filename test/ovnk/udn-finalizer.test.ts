// OVN-K's finalizer on (C)UDNs (W-2.1): upstream go-controller/pkg/clustermanager/userdefinednetwork/
// controller.go adds `k8s.ovn.org/user-defined-network-protection` in syncClusterUDN (CUDN) and
// syncUserDefinedNetwork (UDN) before it renders any NAD — so a refused network carries it too — in
// an update of its own, then writes the status. A scenario cannot delete, so only the metadata is
// modelled.
import { describe, expect, it } from 'vitest';
import type { ClusterUserDefinedNetwork, UserDefinedNetwork } from '../../models/ovnk/types.js';
import { snapshotAt } from '../../sim/run/run-scenario.js';
import { HEADER, loadOk } from '../scenario/in-memory-files.js';

const FINALIZER = 'k8s.ovn.org/user-defined-network-protection';

const cudn = (name: string, cidr: string) => `
- apiVersion: k8s.ovn.org/v1
  kind: ClusterUserDefinedNetwork
  metadata: {name: ${name}, finalizers: [example.com/keep]}
  spec:
    namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: blue}}
    network: {topology: Layer3, layer3: {role: Primary, subnets: [{cidr: '${cidr}', hostSubnet: 24}]}}`;

const scenario = `${HEADER}cluster: {nodes: 2}
apply:
  - objects:
    - apiVersion: v1
      kind: Namespace
      metadata: {name: blue, labels: {k8s.ovn.org/primary-user-defined-network: ''}}
    - apiVersion: v1
      kind: Namespace
      metadata: {name: green, labels: {k8s.ovn.org/primary-user-defined-network: ''}}
    - apiVersion: k8s.ovn.org/v1
      kind: UserDefinedNetwork
      metadata: {name: green-net, namespace: green}
      spec: {topology: Layer2, layer2: {role: Primary, subnets: [10.200.0.0/16]}}
${cudn('blue', '3.3.0.0/16').replace(/^/gm, '    ')}
${cudn('overlapping', '10.128.0.0/16').replace(/^/gm, '    ')}
`;

describe("OVN-K's (C)UDN finalizer", () => {
  const store = snapshotAt(loadOk(scenario)).sim.store;

  it('puts k8s.ovn.org/user-defined-network-protection on a CUDN, after the finalizers it had', () => {
    const blue = store.get<ClusterUserDefinedNetwork>('ClusterUserDefinedNetwork', 'blue')!;
    expect(blue.metadata.finalizers).toEqual(['example.com/keep', FINALIZER]);
    expect(blue.status?.conditions?.map((c) => c.status)).toEqual(['True', 'True']);
  });

  it('puts it on a refused CUDN too: the finalizer comes before the overlap check', () => {
    const refused = store.get<ClusterUserDefinedNetwork>('ClusterUserDefinedNetwork', 'overlapping')!;
    expect(refused.metadata.finalizers).toEqual(['example.com/keep', FINALIZER]);
    expect(refused.status?.conditions?.[0]).toMatchObject({ type: 'NetworkCreated', status: 'False' });
  });

  it('puts it on a namespaced UDN, once', () => {
    const green = store.get<UserDefinedNetwork>('UserDefinedNetwork', 'green/green-net')!;
    expect(green.metadata.finalizers).toEqual([FINALIZER]);
  });

  it('keeps it on the NADs the networks render', () => {
    expect(store.get('NetworkAttachmentDefinition', 'blue/blue')?.metadata.finalizers).toEqual([FINALIZER]);
    expect(store.get('NetworkAttachmentDefinition', 'green/green-net')?.metadata.finalizers).toEqual([FINALIZER]);
  });
});
