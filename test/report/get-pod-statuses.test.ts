// What kubelet reports of a pod's containers (status.containerStatuses, initContainerStatuses,
// qosClass) in `sim get pods -o yaml`, and how kubernetes printers.go printPod reads them for
// READY, STATUS and RESTARTS.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { ContainerStatus, Pod } from '../../models/kube/types.js';
import { getResources, type GetRequest } from '../../sim/report/get/get.js';
import { podStatus } from '../../sim/report/get/pods.js';
import { snapshotAt } from '../../sim/run/run-scenario.js';
import { loadScenario } from '../../sim/scenario/load-scenario.js';

function settled(file: string, atMs?: number) {
  const loaded = loadScenario(file, [], (p) => readFileSync(p, 'utf8'));
  if (!loaded.ok) throw new Error(`${file} does not load`);
  const snapshot = snapshotAt(loaded.scenario, atMs);
  return (request: Partial<GetRequest> & { resource: string }) =>
    getResources(snapshot.sim.store, { epochMs: snapshot.cluster.epochMs, nowMs: snapshot.sim.nowMs }, { output: 'table', ...request });
}

describe('status.containerStatuses and qosClass in `sim get pods -o yaml`', () => {
  const seed = settled('scenarios/l3-cudn.yaml');
  const httpbin = (parse(seed({ resource: 'pods', namespace: 'httpbin', output: 'yaml' }).stdout) as { items: Pod[] }).items[0]!;

  // kubelet_pods.go convertToAPIContainerStatuses and prober_manager.go UpdatePodStatus: a running
  // container with no startup probe is started; the model counts it ready with the pod (W-7).
  it('reports the running container with its image, CRI-O ids, ready and started, no restarts', () => {
    expect(httpbin.status!.containerStatuses).toEqual([
      {
        name: 'httpbin',
        image: 'quay.io/sridhargaddam/kong/httpbin:latest',
        imageID: expect.stringMatching(/^quay\.io\/sridhargaddam\/kong\/httpbin@sha256:[0-9a-f]{64}$/),
        containerID: expect.stringMatching(/^cri-o:\/\/[0-9a-f]{64}$/),
        ready: true,
        started: true,
        restartCount: 0,
        lastState: {},
        state: { running: { startedAt: httpbin.status!.startTime } },
      },
    ]);
    expect(httpbin.status).not.toHaveProperty('initContainerStatuses');
  });

  // pkg/apis/core/v1/helper/qos/qos.go ComputePodQOS: no cpu or memory requests or limits.
  it('classes httpbin BestEffort', () => {
    expect(httpbin.status!.qosClass).toBe('BestEffort');
  });

  it('reports a container not ready until the pod is (READY 0/1 while Running)', () => {
    const early = settled('scenarios/l3-cudn.yaml', 30_500);
    const pod = (parse(early({ resource: 'pods', namespace: 'httpbin', output: 'yaml' }).stdout) as { items: Pod[] }).items[0]!;
    expect(pod.status!.containerStatuses![0]).toMatchObject({ ready: false, started: true });
    expect(early({ resource: 'pods', namespace: 'httpbin' }).stdout.split('\n')[1]).toMatch(/ 0\/1 +Running +0 /);
  });
});

describe('READY and STATUS from the statuses (printPod)', () => {
  it('counts an injected pod\'s two containers, its completed istio-init apart', () => {
    const mixed = settled('scenarios/mixed-cluster.yaml');
    const pods = (parse(mixed({ resource: 'pods', namespace: 'udn-sidecar', output: 'yaml' }).stdout) as { items: Pod[] }).items;
    const sleep = pods.find((p) => p.metadata.name.startsWith('sleep-'))!;
    expect(sleep.status!.initContainerStatuses).toEqual([
      expect.objectContaining({ name: 'istio-init', ready: true, started: false, state: { terminated: expect.objectContaining({ exitCode: 0, reason: 'Completed' }) } }),
    ]);
    expect(mixed({ resource: 'pods', namespace: 'udn-sidecar' }).stdout).toMatch(new RegExp(`${sleep.metadata.name} +2/2 +Running +0 `));
  });

  const running = (name: string, ready: boolean): ContainerStatus => ({ name, state: { running: { startedAt: '2025-12-22T15:26:30Z' } }, lastState: {}, ready, restartCount: 0, image: 'i', imageID: 'i@sha256:0', started: true });
  const base = (spec: Partial<Pod['spec']>, status: Pod['status']): Pod => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'n' }, spec: { containers: [{ name: 'app' }], nodeName: 'worker-0', ...spec }, status });

  it.each<[string, Pod, string]>([
    ['a bound pod with init containers, before its sandbox', base({ initContainers: [{ name: 'init' }] }, { phase: 'Pending' }), 'Init:0/1'],
    ['a bound pod without, before its sandbox', base({}, { phase: 'Pending' }), 'ContainerCreating'],
    ['a running pod with a ready native sidecar', base({ initContainers: [{ name: 'proxy', restartPolicy: 'Always' }] }, { phase: 'Running', conditions: [{ type: 'Initialized', status: 'True' }], initContainerStatuses: [running('proxy', true)], containerStatuses: [running('app', true)] }), 'Running'],
    ['a container waiting in CrashLoopBackOff', base({}, { phase: 'Running', containerStatuses: [{ ...running('app', false), state: { waiting: { reason: 'CrashLoopBackOff' } } }] }), 'CrashLoopBackOff'],
  ])('gives %s the STATUS %s', (_what, pod, status) => {
    expect(podStatus(pod)).toBe(status);
  });

  it('counts a native sidecar in READY (2/2)', () => {
    const pod = base({ initContainers: [{ name: 'proxy', restartPolicy: 'Always' }] }, { phase: 'Running', conditions: [{ type: 'Initialized', status: 'True' }], initContainerStatuses: [running('proxy', true)], containerStatuses: [running('app', true)] });
    const out = getResources(
      { list: <T,>(kind: string) => (kind === 'Pod' ? [pod] : []) as T[], get: () => undefined, byIndex: () => [], countByIndex: () => 0, countsByIndex: () => [], revision: () => 0, indexRevision: () => 0, changedSince: () => undefined } as never,
      { epochMs: 0, nowMs: 0 },
      { resource: 'pods', namespace: 'n', output: 'table' },
    ).stdout;
    expect(out.split('\n')[1]).toMatch(/^p +2\/2 +Running +0 /);
  });
});
