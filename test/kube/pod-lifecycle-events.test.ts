// The Events a pod's start leaves on a settled scenario: Multus' AddedInterface per delegate and
// kubelet's Pulling / Pulled / Created / Started per container, stored as core/v1 Events. Other
// components' events (the scheduler's, the workload controllers') are left out of every check.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { KubeEvent, Pod } from '../../models/kube/types.js';
import { parsePodNetworks } from '../../models/ovnk/pod-annotations.js';
import { POD_NETWORKS_ANNOTATION } from '../../models/ovnk/types.js';
import { snapshotAt } from '../../sim/run/run-scenario.js';
import { loadScenario } from '../../sim/scenario/load-scenario.js';

const POD_START_REASONS = new Set(['AddedInterface', 'Pulling', 'Pulled', 'Created', 'Started']);

function settle(file: string, sets: string[] = []) {
  const loaded = loadScenario(file, sets, (p) => readFileSync(p, 'utf8'));
  if (!loaded.ok) throw new Error(`${file} does not load`);
  return snapshotAt(loaded.scenario).sim.store;
}

type Store = ReturnType<typeof settle>;

function podIn(store: Store, namespace: string, prefix: string): Pod {
  const pod = store.list<Pod>('Pod', namespace).find((p) => p.metadata.name.startsWith(prefix));
  if (!pod) throw new Error(`no pod ${namespace}/${prefix}*`);
  return pod;
}

/** The pod's start events as `REASON fieldPath: message`, sorted (the store's order is by name). */
function startEventsOf(store: Store, pod: Pod): string[] {
  return eventsOf(store, pod)
    .map((e) => `${e.reason} ${e.involvedObject.fieldPath ?? '-'}: ${e.message}`)
    .sort();
}

function eventsOf(store: Store, pod: Pod): KubeEvent[] {
  return store.list<KubeEvent>('Event', pod.metadata.namespace).filter((e) => e.involvedObject.uid === pod.metadata.uid && POD_START_REASONS.has(e.reason));
}

describe('the seed (l3-cudn): a pod on a Layer3 primary CUDN', () => {
  const store = settle('scenarios/l3-cudn.yaml');
  const httpbin = podIn(store, 'httpbin', 'httpbin-');

  // multus-cni pkg/multus/multus.go DelegateAdd: Eventf(pod, Normal, "AddedInterface", "Add %s %v from %s",
  // rt.IfName, ips, delegate.Name), ips being the result's IPConfig addresses as net.IPNet prints
  // them; ovn-kubernetes go-controller/pkg/cni/cniserver.go mergePrimaryUDNResponse appends the
  // primary UDN's IPs to eth0's in the one result of the cluster network's ADD.
  it('has Multus add eth0 with both of its addresses, the default network\'s first, from ovn-kubernetes', () => {
    const networks = parsePodNetworks(httpbin.metadata.annotations![POD_NETWORKS_ANNOTATION]!)!;
    const [eth0] = networks['default']!.ip_addresses;
    const [udn] = networks['httpbin/ossm-l3-cudn']!.ip_addresses;
    expect(eth0).toMatch(/^10\.\d+\.\d+\.\d+\/23$/);
    expect(udn).toMatch(/^3\.3\.\d+\.\d+\/24$/);
    const added = eventsOf(store, httpbin).filter((e) => e.reason === 'AddedInterface');
    expect(added.map((e) => e.message)).toEqual([`Add eth0 [${eth0} ${udn}] from ovn-kubernetes`]);
    // pkg/k8sclient/kubeconfig.go newClientInfo: the recorder's source is {Component: "multus"}, no host.
    expect(added[0]).toMatchObject({ type: 'Normal', source: { component: 'multus' }, reportingComponent: 'multus', reportingInstance: '', count: 1 });
    expect(added[0]!.source).not.toHaveProperty('host');
    expect(added[0]!.involvedObject).toEqual({
      kind: 'Pod', apiVersion: 'v1', name: httpbin.metadata.name, namespace: 'httpbin', uid: httpbin.metadata.uid, resourceVersion: expect.stringMatching(/^\d+$/),
    });
  });

  // kubernetes pkg/kubelet/images/image_manager.go EnsureImageExists (Pulling image %q; Successfully
  // pulled image %q in %v (%v including waiting). Image size: %v bytes.) and
  // pkg/kubelet/kuberuntime/kuberuntime_container.go startContainer ("Created container: %v",
  // "Started container %v" in 1.32), recorded on kubecontainer.GenerateContainerRef's field path.
  it('has kubelet pull httpbin:latest (pull policy Always), create and start its container', () => {
    expect(startEventsOf(store, httpbin).filter((line) => !line.startsWith('AddedInterface'))).toEqual([
      'Created spec.containers{httpbin}: Created container: httpbin',
      'Pulled spec.containers{httpbin}: Successfully pulled image "quay.io/sridhargaddam/kong/httpbin:latest" in 4.108s (4.108s including waiting). Image size: 140187683 bytes.',
      'Pulling spec.containers{httpbin}: Pulling image "quay.io/sridhargaddam/kong/httpbin:latest"',
      'Started spec.containers{httpbin}: Started container httpbin',
    ]);
  });

  it('stores each as a core/v1 Event from kubelet on the pod\'s node, at the pod\'s start, count 1', () => {
    const kubelet = eventsOf(store, httpbin).filter((e) => e.source?.component === 'kubelet');
    expect(kubelet).toHaveLength(4);
    for (const event of kubelet) {
      expect(event).toMatchObject({
        apiVersion: 'v1', kind: 'Event', type: 'Normal', count: 1, eventTime: null,
        source: { component: 'kubelet', host: httpbin.spec.nodeName },
        reportingComponent: 'kubelet', reportingInstance: httpbin.spec.nodeName,
        firstTimestamp: httpbin.status!.startTime, lastTimestamp: httpbin.status!.startTime,
        involvedObject: { kind: 'Pod', apiVersion: 'v1', name: httpbin.metadata.name, namespace: 'httpbin', uid: httpbin.metadata.uid, fieldPath: 'spec.containers{httpbin}' },
      });
      expect(event.metadata.name).toMatch(new RegExp(`^${httpbin.metadata.name}\\.[0-9a-f]{8}$`));
      expect(event.metadata.uid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    }
  });

  it('lists the events in `sim get events -n httpbin` with their exact messages', async () => {
    const { main } = await import('../../sim/cli/main.js');
    let stdout = '';
    await main(['get', 'events', 'scenarios/l3-cudn.yaml', '-n', 'httpbin'], { stdout: (t) => void (stdout += t), stderr: () => undefined, readFile: (p) => readFileSync(p, 'utf8') });
    const eth0 = parsePodNetworks(httpbin.metadata.annotations![POD_NETWORKS_ANNOTATION]!)!['default']!.ip_addresses[0];
    // One line per event, in the order they happened (names follow the time upstream: tools/record makeEvent).
    const rows = stdout.split('\n').filter((line) => line.includes(`pod/${httpbin.metadata.name} `)).map((line) => line.split(/\s{2,}/).slice(2).join(' | '));
    expect(rows).toEqual([
      `Scheduled | pod/${httpbin.metadata.name} | Successfully assigned httpbin/${httpbin.metadata.name} to ${httpbin.spec.nodeName}`,
      expect.stringMatching(new RegExp(`^AddedInterface \\| pod/${httpbin.metadata.name} \\| Add eth0 \\[${eth0!.replace(/\./g, '\\.')} 3\\.3\\.`)),
      expect.stringMatching(/^Pulling \| /),
      expect.stringMatching(/^Pulled \| /),
      `Created | pod/${httpbin.metadata.name} | Created container: httpbin`,
      `Started | pod/${httpbin.metadata.name} | Started container httpbin`,
    ]);
  });
});

describe('other pod shapes', () => {
  const mixed = settle('scenarios/mixed-cluster.yaml');

  it('gives a default-network pod one address on eth0', () => {
    const pod = podIn(mixed, 'def-ambient', 'httpbin-');
    const [eth0] = parsePodNetworks(pod.metadata.annotations![POD_NETWORKS_ANNOTATION]!)!['default']!.ip_addresses;
    expect(eventsOf(mixed, pod).filter((e) => e.reason === 'AddedInterface').map((e) => e.message)).toEqual([`Add eth0 [${eth0}] from ovn-kubernetes`]);
  });

  // kuberuntime_manager.go SyncPod: init containers first (spec.initContainers{…}), then the containers.
  it('gives an injected pod a set per container, the init container\'s on spec.initContainers', () => {
    const pod = podIn(mixed, 'udn-sidecar', 'sleep-');
    const lines = startEventsOf(mixed, pod).filter((line) => / spec\./.test(line));
    expect(lines.filter((l) => l.startsWith('Created'))).toEqual([
      'Created spec.containers{istio-proxy}: Created container: istio-proxy',
      'Created spec.containers{sleep}: Created container: sleep',
      'Created spec.initContainers{istio-init}: Created container: istio-init',
    ]);
    expect(lines.filter((l) => l.startsWith('Started'))).toHaveLength(3);
  });

  // image_manager.go shouldPullImage: IfNotPresent pulls only what the node lacks; the message then
  // is "Container image %q already present on machine" and there is no Pulling.
  it.each(['gcr.io/istio-release/proxyv2:1.28.1', 'quay.io/sridhargaddam/kong/httpbin:latest'])('pulls IfNotPresent %s once per node and finds it present after', (image) => {
    const events = mixed.list<KubeEvent>('Event');
    const pulls = events.filter((e) => e.message === `Pulling image "${image}"`);
    const present = events.filter((e) => e.message === `Container image "${image}" already present on machine`);
    expect(new Set(pulls.map((e) => e.source?.host)).size).toBe(pulls.length);
    expect(pulls.length).toBeGreaterThan(0);
    expect(present.length).toBeGreaterThan(0);
  });

  it('adds one AddedInterface per secondary network, named <namespace>/<nad>, after eth0\'s', () => {
    const store = settle('scenarios/secondary.yaml');
    const pod = podIn(store, 'sec', 'httpbin-');
    const networks = parsePodNetworks(pod.metadata.annotations![POD_NETWORKS_ANNOTATION]!)!;
    const added = eventsOf(store, pod).filter((e) => e.reason === 'AddedInterface').map((e) => e.message).sort();
    expect(added).toEqual([`Add eth0 [${networks['default']!.ip_addresses[0]}] from ovn-kubernetes`, `Add net1 [${networks['sec/sec-net']!.ip_addresses[0]}] from sec/sec-net`]);
  });

  it('has no AddedInterface on a cluster without Multus, and kubelet\'s events all the same', () => {
    const store = settle('scenarios/rollout-race.yaml');
    const events = store.list<KubeEvent>('Event');
    expect(events.filter((e) => e.reason === 'AddedInterface')).toEqual([]);
    expect(events.filter((e) => e.reason === 'Started').length).toBeGreaterThan(0);
  });

  it('has no AddedInterface for a host-network pod (kubelet runs no CNI ADD for it)', () => {
    const cni = podIn(mixed, 'istio-cni', 'istio-cni-node-');
    expect(cni.spec.hostNetwork).toBe(true);
    expect(eventsOf(mixed, cni).map((e) => e.reason)).not.toContain('AddedInterface');
    expect(eventsOf(mixed, cni).map((e) => e.reason)).toContain('Started');
  });
});
