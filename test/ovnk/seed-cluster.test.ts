// OVN-K's objects on the simulated seed cluster: the mirrored EndpointSlice (W-3.2), the pod
// annotations (W-2.5) and node subnets (W-2.3) as the controllers wrote them.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { EndpointSlice, Node, Pod } from '../../models/kube/types.js';
import { loadScenario } from '../../sim/scenario/load-scenario.js';
import { runScenario } from '../../sim/run/run-scenario.js';
import { checkProbeCommands } from '../../sim/run/run-scenario.js';

const loaded = loadScenario('scenarios/l3-cudn.yaml', [], (p) => readFileSync(p, 'utf8'));
if (!loaded.ok) throw new Error('seed scenario does not load');
const result = runScenario(loaded.scenario, checkProbeCommands(loaded.scenario).requests);
const store = result.sim.store;
const slices = store.list<EndpointSlice>('EndpointSlice', 'httpbin');
const mirror = slices.find((s) => s.metadata.labels?.['endpointslice.kubernetes.io/managed-by'] === 'endpointslice-mirror-controller.k8s.ovn.org')!;
const source = slices.find((s) => s.metadata.labels?.['endpointslice.kubernetes.io/managed-by'] === 'endpointslice-controller.k8s.io')!;
const httpbin = store.list<Pod>('Pod', 'httpbin')[0]!;

describe('the EndpointSlice mirror (W-3.2)', () => {
  it('labels the mirror with its manager and k8s.ovn.org/service-name, never kubernetes.io/service-name', () => {
    expect(mirror.metadata.labels).toEqual({
      'endpointslice.kubernetes.io/managed-by': 'endpointslice-mirror-controller.k8s.ovn.org',
      'k8s.ovn.org/service-name': 'httpbin',
    });
  });

  it('annotates the source slice, its resourceVersion and the network', () => {
    expect(mirror.metadata.annotations).toEqual({
      'k8s.ovn.org/source-endpointslice': source.metadata.name,
      'k8s.ovn.org/source-endpointslice-version': source.metadata.resourceVersion,
      'k8s.ovn.org/endpointslice-network': 'cluster_udn_ossm-l3-cudn',
    });
  });

  it('is named from the default generateName because the network name has an underscore', () => {
    expect(mirror.metadata.name).toMatch(/^httpbin-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    expect(mirror.metadata.name).not.toBe(source.metadata.name);
  });

  it('copies owner, ports and conditions, replacing only the addresses with the UDN IP', () => {
    expect(mirror.metadata.ownerReferences).toEqual(source.metadata.ownerReferences);
    expect(mirror.ports).toEqual(source.ports);
    const [copied, original] = [mirror.endpoints![0]!, source.endpoints![0]!];
    expect({ ...copied, addresses: [] }).toEqual({ ...original, addresses: [] });
    expect(original.addresses[0]).toMatch(/^10\./);
    expect(copied.addresses[0]).toMatch(/^3\.3\./);
  });
});

describe('pod annotations and node subnets (W-2.3, W-2.5)', () => {
  it('writes pod-networks keyed by NAD key in byte order (default before httpbin/…) and an infrastructure-locked default entry', () => {
    const text = httpbin.metadata.annotations!['k8s.ovn.org/pod-networks']!;
    expect(text).toMatch(/^\{"default":\{"ip_addresses":\["10\.\d+\.\d+\.\d+\/23"\],"mac_address":"0a:58:0a:[0-9a-f:]+","routes":\[\{"dest":"10\.128\.0\.0\/14","nextHop":"10\.\d+\.\d+\.1"\},\{"dest":"100\.64\.0\.0\/16","nextHop":"10\.\d+\.\d+\.1"\}\],"ip_address":"10\.\d+\.\d+\.\d+\/23","role":"infrastructure-locked"\},"httpbin\/ossm-l3-cudn":\{"ip_addresses":\["3\.3\.\d+\.\d+\/24"\],"mac_address":"0a:58:03:03:[0-9a-f]{2}:[0-9a-f]{2}","gateway_ips":\["3\.3\.\d+\.1"\],"routes":\[\{"dest":"3\.3\.0\.0\/16","nextHop":"3\.3\.\d+\.1"\},\{"dest":"172\.30\.0\.0\/16","nextHop":"3\.3\.\d+\.1"\},\{"dest":"100\.65\.0\.0\/16","nextHop":"3\.3\.\d+\.1"\}\],"ip_address":"3\.3\.\d+\.\d+\/24","gateway_ip":"3\.3\.\d+\.1","role":"primary"\}\}$/);
  });

  it('sets status.podIPs to the default-network address only (W-1.5)', () => {
    expect(httpbin.status?.podIPs?.map((p) => p.ip)).toHaveLength(1);
    expect(httpbin.status?.podIP).toMatch(/^10\./);
  });

  it('gives the nodes the default subnets in the rotated order they joined in, and the UDN /24s in the order the network visits them', () => {
    // Default network: node adds in creation order (clustermanager/node/node_allocator.go
    // HandleAddUpdateNodeEvent). The CUDN: its controller visits the existing nodes in its
    // informer's order (network_cluster_controller.go Start), drawn from the seeded stream.
    const nodes = store.list<Node>('Node').sort((a, b) => a.metadata.name.localeCompare(b.metadata.name));
    expect(nodes.map((n) => n.metadata.annotations?.['k8s.ovn.org/node-subnets'])).toEqual([
      '{"cluster_udn_ossm-l3-cudn":["3.3.1.0/24"],"default":["10.128.0.0/23"]}',
      '{"cluster_udn_ossm-l3-cudn":["3.3.0.0/24"],"default":["10.129.0.0/23"]}',
      '{"cluster_udn_ossm-l3-cudn":["3.3.2.0/24"],"default":["10.130.0.0/23"]}',
    ]);
  });
});
