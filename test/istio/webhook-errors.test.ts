// The API server's errors for the sidecar injector, from the cluster's state: aggregator routing picks
// a ready endpoint of istiod's Service (apiserver pkg/util/proxy ResolveEndpoint: `no endpoints
// available for service`), the dial fails as Go's net package says (`dial tcp IP:PORT: connect:
// connection refused`) or waits out the webhook's 10 s (`context deadline exceeded`, W-4 R7), and
// the API server wraps it (apiserver pkg/admission/plugin/webhook/mutating/dispatcher.go
// callAttrMutatingHook and Dispatch's NewInternalError, pkg/util/webhook/error.go
// ErrCallingWebhook.Error: `Internal error occurred: failed calling webhook "…": failed to call
// webhook: Post "…": …`).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { callWebhook, sidecarInjectionHook } from '../../models/istio/sidecar-injector.js';
import type { KubeEvent, KubeObject, Pod } from '../../models/kube/types.js';
import { ApiStore } from '../../sim/store/api-store.js';
import { createRng } from '../../sim/engine/rng.js';
import { snapshotAt } from '../../sim/run/run-scenario.js';
import { loadScenario } from '../../sim/scenario/load-scenario.js';
import type { ClusterConfig } from '../../models/cluster-config.js';

const POST = 'Internal error occurred: failed calling webhook "namespace.sidecar-injector.istio.io": failed to call webhook: Post "https://istiod.istio-system.svc:443/inject?timeout=10s"';

function load(file: string, files: Record<string, string> = {}) {
  const loaded = loadScenario(file, [], (p) => files[p] ?? readFileSync(p, 'utf8'));
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems));
  return loaded.scenario;
}

const mixed = load('scenarios/mixed-cluster.yaml');
const istiodPod = (store: ApiStore) => store.list<Pod>('Pod', 'istio-system')[0]!;

describe('the injection webhook call', () => {
  it('finds no endpoints for istiod before its pod is ready', () => {
    const { sim } = snapshotAt(mixed, 1000);
    expect(callWebhook(sim.store)).toEqual({ kind: 'failed', message: `${POST}: no endpoints available for service "istiod"`, afterMs: 0 });
  });

  it('goes through to a ready istiod whose eth0 port 15017 is open', () => {
    const { sim } = snapshotAt(mixed);
    expect(callWebhook(sim.store)).toEqual({ kind: 'answered' });
  });

  it('is refused by the address of a ready endpoint where nothing listens on 15017', () => {
    const { sim } = snapshotAt(mixed);
    const pod = istiodPod(sim.store);
    const withoutWebhookPort = pod.spec.containers.map((c) => ({ ...c, ports: c.ports?.filter((p) => p.containerPort !== 15017) }));
    sim.store.update({ ...pod, spec: { ...pod.spec, containers: withoutWebhookPort } });
    expect(callWebhook(sim.store)).toEqual({ kind: 'failed', message: `${POST}: dial tcp ${pod.status!.podIP}:15017: connect: connection refused`, afterMs: 0 });
  });

  it('times out after the webhook’s 10 s when istiod sits on a primary UDN without 15017 in open-default-ports (R7)', () => {
    const { sim } = snapshotAt(mixed);
    const pod = istiodPod(sim.store);
    const annotations = { ...pod.metadata.annotations };
    delete annotations['k8s.ovn.org/open-default-ports'];
    sim.store.update({ ...pod, metadata: { ...pod.metadata, annotations } });
    expect(callWebhook(sim.store)).toEqual({ kind: 'failed', message: `${POST}: context deadline exceeded`, afterMs: 10_000 });
  });

  it('is not made when no webhook is registered (no Istio, so no istiod Service): the pod is created as sent', () => {
    const store = new ApiStore(() => 0, 0, createRng(1), createRng(2));
    store.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'app', labels: { 'istio-injection': 'enabled' } } });
    const pod: KubeObject = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'app' }, spec: { containers: [{ name: 'c' }] } };
    expect(callWebhook(store)).toEqual({ kind: 'unregistered' });
    expect(sidecarInjectionHook(pod, store, { nowMs: 0, cluster: {} as ClusterConfig })).toEqual({ ok: true, object: pod });
  });
});

describe('a ReplicaSet whose creates wait out the webhook’s time-out (R7)', () => {
  const istio = readFileSync('scenarios/manifests/mesh/istio-upstream.yaml', 'utf8').replace(/      podAnnotations:[\s\S]*?port: 15010\n/, '');
  const scenario = load('scenarios/mixed-cluster.yaml', { 'scenarios/manifests/mesh/istio-upstream.yaml': istio });

  it('records FailedCreate 10 s after the create, and tries again from then', () => {
    const failed = (atMs: number) => snapshotAt(scenario, atMs).sim.store.list<KubeEvent>('Event', 'def-sidecar').find((e) => e.reason === 'FailedCreate' && e.involvedObject.name.startsWith('httpbin-'));
    // The apps come at 30 s: the first create hangs until 40 s, the retry 5 ms later until 50.005 s.
    expect(failed(39_999)).toBeUndefined();
    expect(failed(40_000)).toMatchObject({ count: 1, firstTimestamp: '2025-12-22T15:26:40Z', message: `Error creating: ${POST}: context deadline exceeded` });
    expect(failed(50_004)?.count).toBe(1);
    expect(failed(50_005)).toMatchObject({ count: 2, lastTimestamp: '2025-12-22T15:26:50Z' });
  });
});
