// mixed-cluster applied in one step (scenarios/mixed-cluster-one-step.yaml): the apps arrive with the
// Sail CRs, the injector cannot answer until istiod is ready, and the ReplicaSets retry as kubernetes
// pkg/controller/replicaset/replica_set.go does (processNextWorkItem → AddRateLimited with client-go's
// DefaultControllerRateLimiter; manageReplicas records FailedCreate through controller_utils.go, and
// replica_set_utils.go calculateStatus sets ReplicaFailure) until the pods are created with their
// sidecars; then the cluster answers its probes as mixed-cluster.yaml does.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Deployment, KubeEvent, Pod, ReplicaSet } from '../../models/kube/types.js';
import { isPodReady } from '../../models/kube/pods.js';
import { msSinceEpoch } from '../../models/kube/time.js';
import { getResources } from '../../sim/report/get/get.js';
import { checkProbeCommands, runScenario, snapshotAt, type RunResult } from '../../sim/run/run-scenario.js';
import { loadScenario } from '../../sim/scenario/load-scenario.js';
import type { Scenario } from '../../sim/scenario/types.js';

function load(file: string): Scenario {
  const loaded = loadScenario(file, [], (p) => readFileSync(p, 'utf8'));
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems));
  return loaded.scenario;
}

const run = (scenario: Scenario): RunResult => runScenario(scenario, checkProbeCommands(scenario).requests);
const oneStep = load('scenarios/mixed-cluster-one-step.yaml');
const result = run(oneStep);
const later = run(load('scenarios/mixed-cluster.yaml'));
const SIDECAR_NAMESPACES = ['def-sidecar', 'udn-sidecar'];
const NO_ENDPOINTS =
  'Internal error occurred: failed calling webhook "namespace.sidecar-injector.istio.io": failed to call webhook: Post "https://istiod.istio-system.svc:443/inject?timeout=10s": no endpoints available for service "istiod"';

describe('mixed-cluster applied in one step', () => {
  it('settles with every Deployment at its replica count and every pod Ready', () => {
    expect(result.settled).toBe(true);
    for (const deployment of result.sim.store.list<Deployment>('Deployment')) {
      const pods = result.sim.store.list<Pod>('Pod', deployment.metadata.namespace).filter((p) => p.metadata.labels?.['app'] === deployment.spec.template.metadata?.labels?.['app']);
      expect(pods.filter(isPodReady)).toHaveLength(deployment.spec.replicas ?? 1);
    }
  });

  it('injects the sidecar into every pod of the injection-enabled namespaces', () => {
    for (const ns of SIDECAR_NAMESPACES) {
      const pods = result.sim.store.list<Pod>('Pod', ns);
      expect(pods).toHaveLength(2);
      for (const pod of pods) expect(pod.spec.containers.map((c) => c.name)).toContain('istio-proxy');
    }
  });

  it('answers every probe as mixed-cluster.yaml does, where the apps come 30 s later', () => {
    const outcome = (r: RunResult) => r.probes.map((p) => ({ name: p.name, verdict: p.verdict, exitCode: p.exitCode, httpStatus: p.httpStatus, dialedNetwork: p.dialedNetwork, pass: p.pass }));
    expect(outcome(result)).toEqual(outcome(later));
    expect(result.pass).toBe(true);
  });

  it('retries each refused ReplicaSet 5, 10, 20 … ms apart: one FailedCreate Event with a count, no SuccessfulCreate before istiod is ready', () => {
    const failed = result.sim.store.list<KubeEvent>('Event').filter((e) => e.reason === 'FailedCreate');
    expect(failed.map((e) => `${e.metadata.namespace}/${e.involvedObject.name}`).sort()).toEqual([
      'def-sidecar/httpbin-f7cfc4cfb', 'def-sidecar/sleep-7f4cb4bf97', 'udn-sidecar/httpbin-f7cfc4cfb', 'udn-sidecar/sleep-7f4cb4bf97',
    ]);
    for (const event of failed) {
      expect(event.message).toBe(`Error creating: ${NO_ENDPOINTS}`);
      // Tries at 0, 5, 15, 35, 75, 155, 315, 635 and 1 275 ms; the one at 2 555 ms succeeds.
      expect(event.count).toBe(9);
      expect(event.lastTimestamp).toBe('2025-12-22T15:26:01Z');
    }
  });

  it('creates the pods within about a second of istiod turning ready', () => {
    const istiod = result.sim.store.list<Pod>('Pod', 'istio-system')[0]!;
    const readyAtMs = msSinceEpoch(result.cluster.epochMs, istiod.status?.conditions?.find((c) => c.type === 'Ready')?.lastTransitionTime);
    for (const ns of SIDECAR_NAMESPACES) {
      for (const pod of result.sim.store.list<Pod>('Pod', ns)) {
        const createdAtMs = msSinceEpoch(result.cluster.epochMs, pod.metadata.creationTimestamp);
        expect(createdAtMs - readyAtMs).toBeGreaterThanOrEqual(0);
        expect(createdAtMs - readyAtMs).toBeLessThanOrEqual(1000);
      }
    }
  });

  it('shows the retries with their count in `sim get events -o wide`', () => {
    const out = getResources(result.sim.store, { epochMs: result.cluster.epochMs, nowMs: result.sim.nowMs }, { resource: 'events', namespace: 'def-sidecar', output: 'wide' }).stdout;
    const row = out.split('\n').find((line) => line.includes('FailedCreate') && line.includes('replicaset/httpbin-'))!;
    expect(row).toMatch(/^\S+ +Warning +FailedCreate +replicaset\/httpbin-f7cfc4cfb +replicaset-controller +Error creating: .* no endpoints available for service "istiod" +\S+ +9 +httpbin-f7cfc4cfb\.[0-9a-f]{8}$/);
  });

  // `sim get replicasets` is not in this branch: the condition is read from the stored object, as `-o yaml` prints it.
  it('holds the ReplicaFailure condition while the creates fail, and drops it once they succeed', () => {
    const rsAt = (atMs: number | undefined) => snapshotAt(oneStep, atMs).sim.store.list<ReplicaSet>('ReplicaSet', 'def-sidecar').find((rs) => rs.metadata.name.startsWith('httpbin-'))!;
    expect(rsAt(1000).status?.conditions).toEqual([{ type: 'ReplicaFailure', status: 'True', lastTransitionTime: '2025-12-22T15:26:00Z', reason: 'FailedCreate', message: NO_ENDPOINTS }]);
    expect(rsAt(undefined).status).toEqual({ replicas: 1, readyReplicas: 1 });
  });
});
