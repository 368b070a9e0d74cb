// W-4 R1–R9 on a small simulated cluster: two primary CUDNs (blue, red) and a default-network
// namespace (plain), each with an httpbin behind a Service; every row of the table is one case.
import { describe, expect, it } from 'vitest';
import type { Pod, Service } from '../../models/kube/types.js';
import { buildAddressBook } from '../../models/net/address-book.js';
import { buildServiceVipIndex, connect, type ReachContext } from '../../models/net/reachability.js';
import { loadScenario } from '../../sim/scenario/load-scenario.js';
import { runScenario } from '../../sim/run/run-scenario.js';
import { createRng } from '../../sim/engine/rng.js';

const app = (ns: string, name: string, annotations = '') => `
apiVersion: v1
kind: Service
metadata: {name: ${name}, namespace: ${ns}}
spec:
  selector: {app: ${name}}
  ports: [{name: http, port: 8000, targetPort: 8000}]
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}, namespace: ${ns}}
spec:
  replicas: 1
  selector: {matchLabels: {app: ${name}}}
  template:
    metadata:
      labels: {app: ${name}}
${annotations}
    spec:
      containers: [{name: app, image: kong/httpbin, ports: [{containerPort: 8000}]}]
---`;

const cudn = (name: string, ns: string, cidr: string) => `
apiVersion: k8s.ovn.org/v1
kind: ClusterUserDefinedNetwork
metadata: {name: ${name}}
spec:
  namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: ${ns}}}
  network: {topology: Layer3, layer3: {role: Primary, subnets: [{cidr: ${cidr}, hostSubnet: 24}]}}
---`;

const openPorts = `      annotations:
        k8s.ovn.org/open-default-ports: |
          - protocol: tcp
            port: 8000`;

const manifests = `
apiVersion: v1
kind: Namespace
metadata: {name: blue, labels: {k8s.ovn.org/primary-user-defined-network: ""}}
---
apiVersion: v1
kind: Namespace
metadata: {name: red, labels: {k8s.ovn.org/primary-user-defined-network: ""}}
---
apiVersion: v1
kind: Namespace
metadata: {name: plain}
---
${cudn('blue', 'blue', '10.200.0.0/16')}
${cudn('red', 'red', '10.201.0.0/16')}
${app('blue', 'web')}
${app('blue', 'opened', openPorts)}
${app('red', 'web')}
${app('plain', 'web')}
${app('plain', 'allowed')}
`;

const files: Record<string, string> = {
  's.yaml': `apiVersion: udnsim/v1alpha1
kind: Scenario
metadata: {name: reach}
cluster:
  nodes: 2
  udnAllowedDefaultServices: [default/kubernetes, openshift-dns/dns-default, plain/allowed]
apply:
  - file: m.yaml
`,
  'm.yaml': manifests,
};

const loaded = loadScenario('s.yaml', [], (p) => {
  const text = files[p];
  if (text === undefined) throw Object.assign(new Error(`ENOENT: ${p}`), { code: 'ENOENT' });
  return text;
});
if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems));
const result = runScenario(loaded.scenario, new Map());
const view = result.sim.store;
const book = buildAddressBook(view);
const ctx: ReachContext = { view, atMs: 0, book, cluster: result.cluster, rng: createRng(7), serviceByVip: buildServiceVipIndex(view) };

function podOf(ns: string, app: string): Pod {
  const pod = view.list<Pod>('Pod', ns).find((p) => p.metadata.labels?.['app'] === app);
  if (!pod) throw new Error(`no pod ${ns}/${app}`);
  return pod;
}
const nets = (ns: string, app: string) => book.byPod.get(`${ns}/${podOf(ns, app).metadata.name}`)!;
const ipOn = (ns: string, app: string, iface: 'eth0' | 'ovn-udn1') => nets(ns, app).interfaces.find((i) => i.name === iface)!.ips[0]!;
const vip = (ns: string, name: string) => view.get<Service>('Service', `${ns}/${name}`)!.spec.clusterIP!;

describe('W-4 reachability', () => {
  it.each([
    ['R1', 'a primary-UDN pod reaches a pod IP on its own network', () => connect(nets('blue', 'web'), ipOn('blue', 'opened', 'ovn-udn1'), 8000, ctx), 'delivered'],
    ['R2', 'a primary-UDN pod dialling a default-network pod IP gets EHOSTUNREACH', () => connect(nets('blue', 'web'), ipOn('plain', 'web', 'eth0'), 8000, ctx), 'unreachable'],
    ['R2', 'a primary-UDN pod with valid open-default-ports times out instead', () => connect(nets('blue', 'opened'), ipOn('plain', 'web', 'eth0'), 8000, ctx), 'timeout'],
    ['R3', "a primary-UDN pod reaches its own network's ClusterIP", () => connect(nets('blue', 'opened'), vip('blue', 'web'), 8000, ctx), 'delivered'],
    ['R4', 'a primary-UDN pod reaches an allowed default-network Service', () => connect(nets('blue', 'web'), vip('plain', 'allowed'), 8000, ctx), 'delivered'],
    ['R5', 'a primary-UDN pod cannot reach a default Service that is not allowed', () => connect(nets('blue', 'web'), vip('plain', 'web'), 8000, ctx), 'timeout'],
    ['R5', "a primary-UDN pod cannot reach another network's ClusterIP", () => connect(nets('blue', 'web'), vip('red', 'web'), 8000, ctx), 'timeout'],
    ['R6', "a UDN pod cannot reach another UDN's pod IP", () => connect(nets('blue', 'web'), ipOn('red', 'web', 'ovn-udn1'), 8000, ctx), 'timeout'],
    ['R6', 'a default-network pod cannot reach a UDN pod IP', () => connect(nets('plain', 'web'), ipOn('blue', 'web', 'ovn-udn1'), 8000, ctx), 'timeout'],
    ['R7', "a default-network pod cannot reach a UDN pod's eth0", () => connect(nets('plain', 'web'), ipOn('blue', 'web', 'eth0'), 8000, ctx), 'timeout'],
    ['R7', "a default-network pod reaches a UDN pod's eth0 on a port listed in open-default-ports", () => connect(nets('plain', 'web'), ipOn('blue', 'opened', 'eth0'), 8000, ctx), 'delivered'],
    ['R8', 'a default-network pod reaches a default-network Service', () => connect(nets('plain', 'allowed'), vip('plain', 'web'), 8000, ctx), 'delivered'],
    ['R9', 'a default-network pod cannot reach a Service in a primary-UDN namespace', () => connect(nets('plain', 'web'), vip('blue', 'web'), 8000, ctx), 'timeout'],
  ] as const)('%s: %s', (rule, _name, attempt, kind) => {
    const reach = attempt();
    expect(reach.kind).toBe(kind);
    expect(reach.rule).toBe(rule);
    expect(reach.why.join(' ')).toContain(`W-4 ${rule}`);
  });

  it('R3 load-balances to the UDN address from the mirrored slice', () => {
    const reach = connect(nets('blue', 'opened'), vip('blue', 'web'), 8000, ctx);
    expect(reach.dstIp).toBe(ipOn('blue', 'web', 'ovn-udn1'));
    expect(reach.dstIp.startsWith('10.200.')).toBe(true);
  });
});
