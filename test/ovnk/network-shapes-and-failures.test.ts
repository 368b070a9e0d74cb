// OVN-K behaviours of issue #4 on simulated clusters: Layer2 addressing, secondary networks, the
// overlap check, the namespace-label rules, exhaustion and open-default-ports (W-2.1–W-2.5, W-4).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { KubeEvent, Node, Pod } from '../../models/kube/types.js';
import type { ClusterConfig } from '../../models/cluster-config.js';
import { checkSubnetOverlap } from '../../models/ovnk/subnet-overlap.js';
import { parseOpenDefaultPorts } from '../../models/ovnk/open-ports.js';
import type { ClusterUserDefinedNetwork, UserDefinedNetwork } from '../../models/ovnk/types.js';
import { loadScenario } from '../../sim/scenario/load-scenario.js';
import { checkProbeCommands, runScenario, type RunResult } from '../../sim/run/run-scenario.js';

function run(file: string): RunResult {
  const loaded = loadScenario(file, [], (p) => readFileSync(p, 'utf8'));
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems));
  return runScenario(loaded.scenario, checkProbeCommands(loaded.scenario).requests);
}
const podNetworks = (pod: Pod) => JSON.parse(pod.metadata.annotations!['k8s.ovn.org/pod-networks']!) as Record<string, Record<string, unknown>>;
const condition = (owner: ClusterUserDefinedNetwork | UserDefinedNetwork | undefined, type: string) => owner?.status?.conditions?.find((c) => c.type === type);

describe('the overlap check (W-2.1)', () => {
  const cluster = { clusterNetwork: [{ cidr: '10.128.0.0/14', hostPrefix: 23 }], serviceNetwork: ['172.30.0.0/16'], masqueradeSubnet: '169.254.0.0/17' } as ClusterConfig;
  const prefix = 'failed to generate NetworkAttachmentDefinition: failed to render CNI network config: invalid subnet configuration: pod or join subnet overlaps with already configured internal subnets: illegal network configuration: ';
  it.each([
    ['10.128.0.0/16', [], 'user defined subnet "10.128.0.0/16" overlaps cluster subnet "10.128.0.0/14"'],
    ['172.30.5.0/24', [], 'user defined subnet "172.30.5.0/24" overlaps service subnet "172.30.0.0/16"'],
    ['100.64.0.0/24', [], 'user defined subnet "100.64.0.0/24" overlaps built-in join subnet "100.64.0.0/16"'],
    ['169.254.0.0/24', [], 'user defined subnet "169.254.0.0/24" overlaps masquerade subnet "169.254.0.0/17"'],
    ['100.65.0.0/24', ['100.65.0.0/16'], 'user defined subnet "100.65.0.0/24" overlaps user defined join subnet "100.65.0.0/16"'],
    ['10.200.0.0/16', ['10.128.0.0/16'], 'user defined join subnet "10.128.0.0/16" overlaps cluster subnet "10.128.0.0/14"'],
  ])('reports %s (join %j) with the OpenShift 4.18 message', (subnet, joins, tail) => {
    expect(checkSubnetOverlap(cluster, [subnet], joins)).toBe(prefix + tail);
  });

  it('lets a UDN subnet that overlaps nothing internal through', () => {
    expect(checkSubnetOverlap(cluster, ['3.3.0.0/16'], ['100.65.0.0/16'])).toBeUndefined();
  });
});

describe('a Layer2 primary network (W-2.3, W-2.4)', () => {
  const result = run('scenarios/l2-cudn.yaml');
  const pods = [...result.sim.store.list<Pod>('Pod', 'l2-a'), ...result.sim.store.list<Pod>('Pod', 'l2-b')];

  it('gives nodes no host subnet of the Layer2 network', () => {
    for (const node of result.sim.store.list<Node>('Node')) expect(node.metadata.annotations?.['k8s.ovn.org/node-subnets']).not.toContain('l2-net');
  });

  it('addresses pods from .3 of the one cluster-wide subnet, whatever their node, with gateway .1', () => {
    const entries = pods.map((p) => Object.entries(podNetworks(p)).find(([key]) => key !== 'default')![1]);
    expect(entries.map((e) => e['ip_addresses']).flat().sort()).toEqual(['10.100.0.3/16', '10.100.0.4/16']);
    for (const entry of entries) expect(entry['gateway_ips']).toEqual(['10.100.0.1']);
    expect(new Set(pods.map((p) => p.spec.nodeName)).size).toBe(2);
  });
});

describe('a secondary network (W-2.1, W-2.5)', () => {
  const result = run('scenarios/secondary.yaml');
  const pod = result.sim.store.list<Pod>('Pod', 'sec').find((p) => p.metadata.labels?.['app'] === 'httpbin')!;

  it('leaves the default network primary and adds a role-secondary entry with no gateway or routes', () => {
    const networks = podNetworks(pod);
    expect(networks['default']!['role']).toBe('primary');
    expect(networks['sec/sec-net']).toMatchObject({ ip_addresses: ['192.168.100.1/24'], role: 'secondary' });
    expect(networks['sec/sec-net']!['gateway_ips']).toBeUndefined();
    expect(networks['sec/sec-net']!['routes']).toBeUndefined();
  });

  it('adds a net1 entry named after the NAD to network-status', () => {
    const status = JSON.parse(pod.metadata.annotations!['k8s.v1.cni.cncf.io/network-status']!) as Array<Record<string, unknown>>;
    expect(status.map((e) => [e['name'], e['interface'], e['default'] ?? false])).toEqual([
      ['ovn-kubernetes', 'eth0', true],
      ['sec/sec-net', 'net1', false],
    ]);
  });

  it('writes no mirrored EndpointSlice for it', () => {
    const slices = result.sim.store.list('EndpointSlice', 'sec');
    expect(slices.every((s) => s.metadata.labels?.['endpointslice.kubernetes.io/managed-by'] === 'endpointslice-controller.k8s.io')).toBe(true);
  });
});

describe('the namespace label rules (W-2.2)', () => {
  const result = run('scenarios/missing-label.yaml');
  const store = result.sim.store;

  it('keeps pods of a labelled namespace without a UDN in ContainerCreating, with the CNI time-out as an event', () => {
    const pod = store.list<Pod>('Pod', 'blue')[0]!;
    expect(pod.status?.phase).toBe('Pending');
    expect(pod.metadata.annotations?.['k8s.ovn.org/pod-networks']).toBeUndefined();
    const event = store.list<KubeEvent>('Event', 'blue').find((e) => e.reason === 'FailedCreatePodSandBox')!;
    expect(event.message).toContain('failed to get pod annotation: timed out waiting for annotations: context deadline exceeded');
    expect(event.count).toBeGreaterThan(1);
  });

  it('fails a primary CUDN that selects an unlabelled namespace, whose pods stay on the default network', () => {
    const created = condition(store.get<ClusterUserDefinedNetwork>('ClusterUserDefinedNetwork', 'green-net'), 'NetworkCreated');
    expect(created).toMatchObject({ status: 'False', reason: 'NetworkAttachmentDefinitionSyncError' });
    expect(created?.message).toBe('invalid primary network state for namespace "green": a valid primary user defined network or network attachment definition custom resource, and required namespace label "k8s.ovn.org/primary-user-defined-network" must both be present');
    expect(result.probes[0]!.dialedNetwork).toBe('default');
  });

  it('refuses a second primary network for a namespace', () => {
    expect(condition(store.get<UserDefinedNetwork>('UserDefinedNetwork', 'red/red-net-2'), 'NetworkCreated')?.message).toBe('primary network already exist in namespace "red": "red-net"');
  });

  it('refuses adding the label to an existing namespace', () => {
    expect(result.refusals.map((r) => r.message)).toEqual([
      `namespaces "green" is forbidden: ValidatingAdmissionPolicy 'user-defined-networks-namespace-label' with binding 'user-defined-networks-namespace-label-binding' denied request: The 'k8s.ovn.org/primary-user-defined-network' label cannot be added/removed after the namespace was created`,
    ]);
    expect(store.get('Namespace', 'green')?.metadata.labels?.['k8s.ovn.org/primary-user-defined-network']).toBeUndefined();
  });
});

describe('exhaustion (W-2.3, W-2.4)', () => {
  const result = run('scenarios/subnet-exhaustion.yaml');
  const store = result.sim.store;

  it('serves two nodes from 10.10.100.0/24 with /25 host subnets; the third fails', () => {
    const subnets = store.list<Node>('Node').sort((a, b) => a.metadata.name.localeCompare(b.metadata.name)).map((n) => JSON.parse(n.metadata.annotations!['k8s.ovn.org/node-subnets']!)['cluster_udn_tight']);
    // The network's controller visits the nodes in its own (seeded) order: worker-1 comes first.
    expect(subnets).toEqual([['10.10.100.128/25'], ['10.10.100.0/25'], undefined]);
    const allocated = condition(store.get<ClusterUserDefinedNetwork>('ClusterUserDefinedNetwork', 'tight'), 'NetworkAllocationSucceeded');
    expect(allocated).toMatchObject({ status: 'False', reason: 'InternalError', message: 'Network allocation failed for at least one node: worker-2, check UDN events for more info.' });
    expect(result.sim.logs.some((l) => l.message === 'error allocating network for node worker-2, network name cluster_udn_tight: no subnets available')).toBe(true);
  });

  it('runs four pods in a /29 node subnet (.3–.6) and leaves the rest waiting for an address', () => {
    const pods = store.list<Pod>('Pod', 'small');
    expect(pods.filter((p) => p.status?.phase === 'Running')).toHaveLength(4);
    expect(pods.filter((p) => p.status?.phase !== 'Running')).toHaveLength(2);
  });
});

describe('open-default-ports (W-4)', () => {
  it.each([
    ['- protocol: http\n  port: 80', 'invalid protocol http'],
    ['- protocol: tcp', 'port is required for tcp protocol'],
    ['- protocol: icmp\n  port: 8', 'invalid port 8 for icmp protocol, should be empty'],
    ['- protocol: udp\n  port: 70000', 'invalid port 70000'],
  ])('refuses %j with "%s"', (text, error) => {
    expect(parseOpenDefaultPorts(text)).toEqual({ ok: false, error });
  });

  it('reads a YAML or JSON list of ports', () => {
    expect(parseOpenDefaultPorts('- protocol: tcp\n  port: 80\n- protocol: icmp')).toEqual({ ok: true, ports: [{ protocol: 'tcp', port: 80 }, { protocol: 'icmp' }] });
    expect(parseOpenDefaultPorts('[{"protocol":"sctp","port":9}]')).toEqual({ ok: true, ports: [{ protocol: 'sctp', port: 9 }] });
  });
});
