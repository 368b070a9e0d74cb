// The order in which ovnkube-cluster-manager gives nodes their host subnets (W-2.3):
// - the default network: as nodes join (upstream go-controller/pkg/clustermanager/node/
//   node_allocator.go HandleAddUpdateNodeEvent on each node add, next-fit in subnet_allocator.go), and
//   on OpenShift the control-plane nodes join first — so with three of them the first worker takes
//   the fourth /23, 10.131.0.0/23, as the seed's worker did (10.131.1.42);
// - a network created later: its controller visits the nodes that exist in its informer's order
//   (network_cluster_controller.go Start → retry framework WatchResource → factory/handler.go
//   initialAddFunc: the cache's list, a Go map, spread over parallel queues), which has no meaning:
//   the simulator draws it from the seeded stream;
// - a node joining after that gets the next subnet of every network when it is added.
import { describe, expect, it } from 'vitest';
import type { Node } from '../../models/kube/types.js';
import { snapshotAt } from '../../sim/run/run-scenario.js';
import { HEADER, loadOk } from '../scenario/in-memory-files.js';

const CUDN = `
    - apiVersion: v1
      kind: Namespace
      metadata: {name: blue, labels: {k8s.ovn.org/primary-user-defined-network: ''}}
    - apiVersion: k8s.ovn.org/v1
      kind: ClusterUserDefinedNetwork
      metadata: {name: blue}
      spec:
        namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: blue}}
        network: {topology: Layer3, layer3: {role: Primary, subnets: [{cidr: 3.3.0.0/16, hostSubnet: 24}]}}`;

const LATE_NODE = `
  - at: 60s
    objects:
    - apiVersion: v1
      kind: Node
      metadata: {name: worker-late, labels: {node-role.kubernetes.io/worker: ''}}`;

function subnetsByNode(seed: number, extra = ''): Map<string, Record<string, string[]>> {
  const scenario = loadOk(`${HEADER}seed: ${seed}\ncluster: {controlPlaneNodes: 3, nodes: 2}\napply:\n  - at: 10s\n    objects:${CUDN}${extra}\n`);
  const nodes = snapshotAt(scenario).sim.store.list<Node>('Node');
  return new Map(nodes.map((n) => [n.metadata.name, JSON.parse(n.metadata.annotations?.['k8s.ovn.org/node-subnets'] ?? '{}') as Record<string, string[]>]));
}

describe('node order for host subnets', () => {
  it('gives control-plane nodes the first default subnets, then the workers in the order they joined', () => {
    const subnets = subnetsByNode(1);
    expect(['master-0', 'master-1', 'master-2', 'worker-0', 'worker-1'].map((n) => subnets.get(n)?.['default'])).toEqual([
      ['10.128.0.0/23'], ['10.129.0.0/23'], ['10.130.0.0/23'], ['10.131.0.0/23'], ['10.128.2.0/23'],
    ]);
  });

  it('creates control-plane Nodes with their taint and role labels', () => {
    const scenario = loadOk(`${HEADER}cluster: {controlPlaneNodes: 1, nodes: 1}\n`);
    const master = snapshotAt(scenario, 0).sim.store.get<Node>('Node', 'master-0')!;
    expect(master.spec?.taints).toEqual([{ key: 'node-role.kubernetes.io/master', effect: 'NoSchedule' }]);
    expect(master.metadata.labels).toMatchObject({ 'node-role.kubernetes.io/control-plane': '', 'node-role.kubernetes.io/master': '' });
    expect(snapshotAt(scenario, 0).sim.store.get<Node>('Node', 'worker-0')!.spec?.taints).toBeUndefined();
  });

  it("hands a new network's subnets to the existing nodes in an order drawn from the seed: one /24 each, not by name or age", () => {
    const firstServed = new Set<string>();
    for (const seed of [1, 2, 3, 4, 5, 6, 7, 8]) {
      const subnets = subnetsByNode(seed);
      const udn = [...subnets.entries()].map(([node, s]) => [node, s['cluster_udn_blue']?.[0]] as const);
      expect(new Set(udn.map(([, subnet]) => subnet))).toEqual(new Set(['3.3.0.0/24', '3.3.1.0/24', '3.3.2.0/24', '3.3.3.0/24', '3.3.4.0/24']));
      firstServed.add(udn.find(([, subnet]) => subnet === '3.3.0.0/24')![0]);
      expect(subnetsByNode(seed)).toEqual(subnets); // the same seed, the same order
    }
    expect(firstServed.size).toBeGreaterThan(2);
    expect([...firstServed].some((node) => node.startsWith('worker-'))).toBe(true);
  });

  it('gives a node that joins later the next subnet of each network', () => {
    const subnets = subnetsByNode(1, LATE_NODE);
    expect(subnets.get('worker-late')).toEqual({ 'cluster_udn_blue': ['3.3.5.0/24'], default: ['10.129.2.0/23'] });
  });
});
