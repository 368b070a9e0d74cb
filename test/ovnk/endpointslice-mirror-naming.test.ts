// How OVN-K names a mirrored EndpointSlice (W-3.2), as upstream go-controller/pkg/clustermanager/
// endpointslicemirror/endpointslice_mirror_controller.go does: getGenerateName gives
// `<network>-<default generateName>` when apimachinery's NameIsDNSSubdomain(…, prefix=true) takes it,
// else the default slice's generateName (or its name when it has none); mirrorEndpointSlice sets it
// only on a new mirror, and an update starts from a copy of the current one, so it keeps it.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { EndpointSlice, KubeObject, Pod } from '../../models/kube/types.js';
import { createEndpointSliceMirror, mirrorGenerateName } from '../../models/ovnk/endpointslice-mirror.js';
import { renderNadConfig } from '../../models/ovnk/networks.js';
import { ApiStore } from '../../sim/store/api-store.js';
import { createRng } from '../../sim/engine/rng.js';
import type { ClusterConfig } from '../../models/cluster-config.js';
import { loadScenario } from '../../sim/scenario/load-scenario.js';
import { snapshotAt } from '../../sim/run/run-scenario.js';

const MANAGED_BY = 'endpointslice.kubernetes.io/managed-by';

describe('the mirror generateName (getGenerateName)', () => {
  const long = (n: number) => `${'a'.repeat(n)}-`;
  it.each([
    ['an underscore is no DNS character: the default generateName', 'cluster_udn_ossm-l3-cudn', 'httpbin-', 'httpbin-'],
    ['a namespaced UDN network name has one too', 'blue_net', 'web-', 'web-'],
    ['a network name that is a DNS label goes in front', 'net', 'web-', 'net-web-'],
    ['also without a trailing dash', 'net', 'web', 'net-web'],
    ['upper case is refused', 'net', 'Web-', 'Web-'],
    ['254 characters joined, 253 once the trailing dash is masked: still valid', 'net', long(249), `net-${long(249)}`],
    ['255 joined, 254 masked: too long', 'net', long(250), long(250)],
    ["maskTrailingDash drops the dash and the character before it (upstream's quirk)", 'net', 'x.-', 'net-x.-'],
  ])('%s', (_why, network, generateName, expected) => {
    expect(mirrorGenerateName(network, generateName)).toBe(expected);
  });
});

const ns: KubeObject = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'app', labels: { 'k8s.ovn.org/primary-user-defined-network': '' } } };
const nad: KubeObject = {
  apiVersion: 'k8s.cni.cncf.io/v1',
  kind: 'NetworkAttachmentDefinition',
  metadata: { name: 'net', namespace: 'app', labels: { 'k8s.ovn.org/user-defined-network': '' } },
  spec: { config: renderNadConfig('cluster_udn_net', 'app/net', { topology: 'Layer3', layer3: { role: 'Primary', subnets: [{ cidr: '3.3.0.0/16', hostSubnet: 24 }] } }) },
};
const pod: Pod = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'web-1', namespace: 'app', uid: 'uid-1', annotations: { 'k8s.ovn.org/pod-networks': '{"app/net":{"ip_addresses":["3.3.0.5/24"],"mac_address":"0a:58:03:03:00:05","role":"primary"}}' } },
  spec: { containers: [{ name: 'web' }] },
};
const source = (generateName: string | undefined, ready: boolean): EndpointSlice => ({
  apiVersion: 'discovery.k8s.io/v1',
  kind: 'EndpointSlice',
  metadata: { name: 'web-abcde', namespace: 'app', ...(generateName ? { generateName } : {}), labels: { 'kubernetes.io/service-name': 'web', [MANAGED_BY]: 'endpointslice-controller.k8s.io' } },
  addressType: 'IPv4',
  ports: [{ name: 'http', port: 8080, protocol: 'TCP' }],
  endpoints: [{ addresses: ['10.128.0.5'], conditions: { ready }, targetRef: { kind: 'Pod', namespace: 'app', name: 'web-1', uid: 'uid-1' } }],
});

/** Runs the mirror for the source slice, writing what it writes, and returns the mirror. */
function mirrorOnce(store: ApiStore): EndpointSlice {
  const mirror = createEndpointSliceMirror(100);
  const result = mirror.reconcile('app/web-abcde', store, { nowMs: 0, rng: createRng(3), state: new Map(), cluster: {} as ClusterConfig });
  for (const write of result.writes ?? []) {
    if (write.op === 'create') store.create(write.object);
    if (write.op === 'update') store.update(write.object);
  }
  return store.list<EndpointSlice>('EndpointSlice', 'app').find((s) => s.metadata.labels?.[MANAGED_BY] !== 'endpointslice-controller.k8s.io')!;
}

function storeWith(slice: EndpointSlice): ApiStore {
  const store = new ApiStore(() => 0, 0, createRng(1), createRng(2));
  for (const index of createEndpointSliceMirror(100).indexes ?? []) store.addIndex(index.kind, index.name, index.fn);
  for (const object of [ns, nad, pod, slice]) store.create(object);
  return store;
}

describe('the mirror controller names its mirror (mirrorEndpointSlice)', () => {
  it('creates it with a generateName, which it keeps when the mirror is updated', () => {
    const store = storeWith(source('web-', true));
    const created = mirrorOnce(store);
    expect(created.metadata.generateName).toBe('web-');
    expect(created.metadata.name).toMatch(/^web-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    store.update({ ...store.get<EndpointSlice>('EndpointSlice', 'app/web-abcde')!, endpoints: source('web-', false).endpoints });
    const updated = mirrorOnce(store);
    expect(updated.endpoints?.[0]?.conditions).toEqual({ ready: false });
    expect(updated.metadata).toMatchObject({ name: created.metadata.name, generateName: 'web-' });
  });

  it("falls back to the default slice's name when it has no generateName", () => {
    expect(mirrorOnce(storeWith(source(undefined, true))).metadata.generateName).toBe('web-abcde');
  });

  it('leaves the seed cluster\'s mirror with generateName httpbin- once it was updated (as the real mirror httpbin-vs7cz)', () => {
    const loaded = loadScenario('scenarios/l3-cudn.yaml', [], (p) => readFileSync(p, 'utf8'));
    if (!loaded.ok) throw new Error('seed scenario does not load');
    const slices = snapshotAt(loaded.scenario).sim.store.list<EndpointSlice>('EndpointSlice', 'httpbin');
    const mirror = slices.find((s) => s.metadata.labels?.[MANAGED_BY] === 'endpointslice-mirror-controller.k8s.ovn.org')!;
    expect(mirror.metadata.generateName).toBe('httpbin-');
  });
});
