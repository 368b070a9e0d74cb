// The workload controllers as the engine runs them: the events they record for what the API server
// answered (kubernetes pkg/controller/controller_utils.go RealPodControl.CreatePods/DeletePod,
// deployment/sync.go getNewReplicaSet and scaleReplicaSet, statefulset/stateful_pod_control.go
// recordPodEvent), a ReplicaSet's failed creates (replicaset/replica_set.go manageReplicas with
// slowStartBatch, replica_set_utils.go calculateStatus's ReplicaFailure), DaemonSet pods bound by the
// scheduler (daemon/daemon_controller.go syncNodes, daemon/util ReplaceDaemonSetPodNodeNameNodeAffinity
// and AddOrUpdateDaemonPodTolerations; scheduler schedule_one.go's Scheduled event), and the
// reconcile contract they share: level-based and idempotent.
import { describe, expect, it } from 'vitest';
import type { AdmissionHook, Controller } from '../../models/controller.js';
import type { ClusterConfig } from '../../models/cluster-config.js';
import { daemonSetController } from '../../models/kube/daemonset-controller.js';
import { deploymentController } from '../../models/kube/deployment-controller.js';
import { replicaSetController } from '../../models/kube/replicaset-controller.js';
import { scheduler } from '../../models/kube/scheduler.js';
import { statefulSetController } from '../../models/kube/statefulset-controller.js';
import type { DaemonSet, Deployment, KubeEvent, KubeObject, Node, Pod, ReplicaSet, StatefulSet } from '../../models/kube/types.js';
import { createRng } from '../../sim/engine/rng.js';
import { Simulation } from '../../sim/engine/simulation.js';

const EPOCH = Date.parse('2026-01-01T00:00:00Z');
const WORKLOADS: Array<Controller<unknown>> = [scheduler, deploymentController, replicaSetController, daemonSetController, statefulSetController];

const node = (name: string, unschedulable = false): Node => ({ apiVersion: 'v1', kind: 'Node', metadata: { name, labels: { 'kubernetes.io/hostname': name } }, spec: unschedulable ? { unschedulable } : {} });
const template = (app: string) => ({ metadata: { labels: { app } }, spec: { containers: [{ name: app, image: app }] } });
const deployment = (name: string, replicas: number): Deployment => ({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name, namespace: 'ns' }, spec: { replicas, selector: { matchLabels: { app: name } }, template: template(name) } });

/** The workload controllers and the scheduler on `nodes`; pods are refused while `refusing.message` is set. */
function cluster(nodes: Node[], refusing: { message?: string } = {}) {
  const sim = Simulation.create({ epochMs: EPOCH } as ClusterConfig, 1);
  for (const controller of WORKLOADS) sim.addController(controller);
  const refuse: AdmissionHook = (object) => (object.kind === 'Pod' && refusing.message ? { ok: false, message: refusing.message } : { ok: true, object });
  sim.addAdmissionHook(refuse);
  sim.applyWrites('install', nodes.map((object) => ({ op: 'create', object })));
  const apply = (atMs: number, object: KubeObject, op: 'create' | 'update' = 'create') => sim.at(atMs, 'apply', () => sim.applyWrites('oc apply', [{ op, object }]));
  const events = (reason?: string) => sim.store.list<KubeEvent>('Event').filter((e) => reason === undefined || e.reason === reason);
  return { sim, apply, events };
}

describe('a ReplicaSet and its Deployment record what the API server answered', () => {
  it('records ScalingReplicaSet on the Deployment and SuccessfulCreate naming each pod created', () => {
    const { sim, apply, events } = cluster([node('worker-0')]);
    apply(0, deployment('web', 2));
    sim.runUntilSettled(60_000);
    const rs = sim.store.list<ReplicaSet>('ReplicaSet', 'ns')[0]!;
    const pods = sim.store.list<Pod>('Pod', 'ns').map((p) => p.metadata.name).sort();
    expect(events('ScalingReplicaSet').map((e) => [e.involvedObject.kind, e.message, e.source?.component])).toEqual([['Deployment', `Scaled up replica set ${rs.metadata.name} from 0 to 2`, 'deployment-controller']]);
    expect(events('SuccessfulCreate').map((e) => e.message).sort()).toEqual(pods.map((name) => `Created pod: ${name}`));
    expect(events('SuccessfulCreate').every((e) => e.involvedObject.name === rs.metadata.name && e.type === 'Normal' && e.source?.component === 'replicaset-controller')).toBe(true);
  });

  it('records one FailedCreate per try while creates are refused (slow start), counted on one Event, sets ReplicaFailure, and retries 5, 10, 20 … ms apart', () => {
    const refusing: { message?: string } = { message: 'Internal error occurred: the webhook is down' };
    const { sim, apply, events } = cluster([node('worker-0')], refusing);
    apply(0, deployment('web', 3));
    sim.runUntil(500);
    const [failed] = events('FailedCreate');
    // Tries at 0, 5, 15, 35, 75, 155 and 315 ms, one create each (the first of each slow-start batch fails).
    expect(failed).toMatchObject({ type: 'Warning', message: 'Error creating: Internal error occurred: the webhook is down', count: 7, firstTimestamp: '2026-01-01T00:00:00Z' });
    expect(events('SuccessfulCreate')).toEqual([]);
    const rs = () => sim.store.list<ReplicaSet>('ReplicaSet', 'ns')[0]!;
    expect(rs().status?.conditions).toEqual([{ type: 'ReplicaFailure', status: 'True', lastTransitionTime: '2026-01-01T00:00:00Z', reason: 'FailedCreate', message: 'Internal error occurred: the webhook is down' }]);
    refusing.message = undefined;
    sim.runUntilSettled(60_000);
    // The try at 635 ms finds the webhook answering: three pods, and the condition is gone.
    expect(events('FailedCreate')[0]!.count).toBe(7);
    expect(sim.store.list<Pod>('Pod', 'ns').map((p) => p.metadata.creationTimestamp)).toEqual(Array(3).fill('2026-01-01T00:00:00Z'));
    expect(events('SuccessfulCreate')).toHaveLength(3);
    expect(rs().status?.conditions).toBeUndefined();
  });

  it('records the scale-down on the Deployment and SuccessfulDelete for the pod the ReplicaSet deletes', () => {
    const { sim, apply, events } = cluster([node('worker-0')]);
    apply(0, deployment('web', 2));
    apply(1000, deployment('web', 1), 'update');
    sim.runUntilSettled(60_000);
    const rs = sim.store.list<ReplicaSet>('ReplicaSet', 'ns')[0]!.metadata.name;
    expect(events('ScalingReplicaSet').map((e) => e.message).sort()).toEqual([`Scaled down replica set ${rs} from 2 to 1`, `Scaled up replica set ${rs} from 0 to 2`]);
    const deleting = sim.store.list<Pod>('Pod', 'ns').filter((p) => p.metadata.deletionTimestamp);
    expect(events('SuccessfulDelete').map((e) => e.message)).toEqual(deleting.map((p) => `Deleted pod: ${p.metadata.name}`));
  });

  it('records a StatefulSet pod’s create in its own words', () => {
    const { sim, apply, events } = cluster([node('worker-0')]);
    const set: StatefulSet = { apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'db', namespace: 'ns' }, spec: { replicas: 1, serviceName: 'db', selector: { matchLabels: { app: 'db' } }, template: template('db') } };
    apply(0, set);
    sim.runUntilSettled(60_000);
    expect(events('SuccessfulCreate').map((e) => [e.involvedObject.kind, e.message])).toEqual([['StatefulSet', 'create Pod db-0 in StatefulSet db successful']]);
  });
});

describe('DaemonSet pods are bound by the scheduler', () => {
  const ds: DaemonSet = { apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name: 'agent', namespace: 'ns' }, spec: { selector: { matchLabels: { app: 'agent' } }, template: template('agent') } };

  it('pins each pod to its node by a required node affinity, with the DaemonSet tolerations, and leaves nodeName to the scheduler', () => {
    const { sim, apply, events } = cluster([node('worker-0'), node('worker-1', true)]);
    apply(0, ds);
    apply(0, deployment('web', 2));
    sim.runUntilSettled(60_000);
    const pods = sim.store.list<Pod>('Pod', 'ns');
    const agents = pods.filter((p) => p.metadata.labels?.['app'] === 'agent').sort((a, b) => a.spec.nodeName!.localeCompare(b.spec.nodeName!));
    expect(agents.map((p) => p.spec.nodeName)).toEqual(['worker-0', 'worker-1']); // the cordoned node too: it tolerates unschedulable
    expect(agents[1]!.spec.affinity).toEqual({ nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['worker-1'] }] }] } } });
    expect(agents[1]!.spec.tolerations?.map((t) => `${t.key}:${t.effect}`)).toEqual([
      'node.kubernetes.io/not-ready:NoExecute',
      'node.kubernetes.io/unreachable:NoExecute',
      'node.kubernetes.io/disk-pressure:NoSchedule',
      'node.kubernetes.io/memory-pressure:NoSchedule',
      'node.kubernetes.io/pid-pressure:NoSchedule',
      'node.kubernetes.io/unschedulable:NoSchedule',
    ]);
    expect(agents[1]!.status?.conditions?.map((c) => [c.type, c.status])).toEqual([['PodScheduled', 'True']]);
    expect(pods.filter((p) => p.metadata.labels?.['app'] === 'web').map((p) => p.spec.nodeName)).toEqual(['worker-0', 'worker-0']);
    expect(events('SuccessfulCreate').filter((e) => e.involvedObject.kind === 'DaemonSet').map((e) => e.source?.component)).toEqual(['daemonset-controller', 'daemonset-controller']);
    const scheduled = events('Scheduled').find((e) => e.involvedObject.name === agents[1]!.metadata.name)!;
    expect(scheduled).toMatchObject({
      type: 'Normal',
      message: `Successfully assigned ns/${agents[1]!.metadata.name} to worker-1`,
      action: 'Binding',
      reportingComponent: 'default-scheduler',
      eventTime: '2026-01-01T00:00:00.000000Z',
    });
    expect(scheduled.source).toBeUndefined();
    expect(events('Scheduled')).toHaveLength(4); // every pod it binds
  });

  it('makes no pod for a node its template’s nodeSelector leaves out', () => {
    const { sim, apply } = cluster([node('worker-0'), node('worker-1')]);
    apply(0, { ...ds, spec: { ...ds.spec, template: { ...ds.spec.template, spec: { ...ds.spec.template.spec, nodeSelector: { 'kubernetes.io/hostname': 'worker-1' } } } } });
    sim.runUntilSettled(60_000);
    expect(sim.store.list<Pod>('Pod', 'ns').map((p) => p.spec.nodeName)).toEqual(['worker-1']);
  });
});

// controller-runtime's contract (models/controller.ts): reconcile reads only the key and current
// state, so asked twice it answers the same, and asked about a settled cluster it has nothing to do.
describe.each(WORKLOADS.filter((c) => c !== scheduler).map((c) => [c.name, c] as const))('%s reconciles level-based and idempotently', (_name, controller) => {
  const objects: KubeObject[] = [
    deployment('web', 2),
    { apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name: 'agent', namespace: 'ns' }, spec: { selector: { matchLabels: { app: 'agent' } }, template: template('agent') } },
    { apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'db', namespace: 'ns' }, spec: { replicas: 1, serviceName: 'db', selector: { matchLabels: { app: 'db' } }, template: template('db') } },
    { apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'cache', namespace: 'ns' }, spec: { replicas: 2, selector: { matchLabels: { app: 'cache' } }, template: template('cache') } },
  ];
  const keysOf = (sim: Simulation) => sim.store.list(controller.watches[0]!.kind).map((o) => `${o.metadata.namespace}/${o.metadata.name}`);
  const reconcile = (sim: Simulation, key: string) => controller.reconcile(key, sim.store, { nowMs: sim.nowMs, rng: createRng(1), state: controller.initialState(), cluster: { epochMs: EPOCH } as ClusterConfig });

  it('gives the same writes when asked twice about the same state', () => {
    const { sim } = cluster([node('worker-0')]);
    // Stored but not reconciled yet: what each key needs depends only on what is stored, not on how
    // often it is asked.
    sim.applyWrites('oc apply', objects.map((object) => ({ op: 'create', object })));
    const writes = (key: string) => reconcile(sim, key).writes ?? [];
    expect(keysOf(sim).length).toBeGreaterThan(0);
    for (const key of keysOf(sim)) {
      expect(writes(key).length).toBeGreaterThan(0);
      expect(writes(key)).toEqual(writes(key));
    }
  });

  it('has nothing to write about a settled cluster', () => {
    const { sim, apply } = cluster([node('worker-0')]);
    for (const object of objects) apply(0, object);
    sim.runUntilSettled(60_000);
    expect(keysOf(sim).length).toBeGreaterThan(0);
    for (const key of keysOf(sim)) expect(reconcile(sim, key).writes ?? []).toEqual([]);
  });
});
