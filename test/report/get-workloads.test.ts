// `sim get deployments|replicasets|daemonsets`: the columns of kubernetes pkg/printers/internalversion
// printers.go printDeployment, printReplicaSet and printDaemonSet (with layoutContainerCells, metav1
// LabelSelectorAsSelector(…).String() and labels.FormatLabels), over objects and over the seed.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { DaemonSet, Deployment, KubeObject, ReplicaSet } from '../../models/kube/types.js';
import type { StoreView } from '../../models/store-view.js';
import { getResources, type GetRequest } from '../../sim/report/get/get.js';
import { resolveResourceType } from '../../sim/report/get/resource-types.js';
import { formatLabelSelector } from '../../sim/report/get/workloads.js';
import { snapshotAt } from '../../sim/run/run-scenario.js';
import { loadScenario } from '../../sim/scenario/load-scenario.js';

const epochMs = Date.parse('2025-12-22T15:26:00Z');
const created = '2025-12-22T15:26:00Z';
const template = (labels: Record<string, string>, nodeSelector?: Record<string, string>) => ({
  metadata: { labels },
  spec: { containers: [{ name: 'app', image: 'quay.io/x/app:1.0' }, { name: 'istio-proxy', image: 'gcr.io/istio-release/proxyv2:1.28.1' }], ...(nodeSelector ? { nodeSelector } : {}) },
});

const web: Deployment = {
  apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'shop', creationTimestamp: created },
  spec: { replicas: 3, selector: { matchLabels: { app: 'web' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['front', 'edge'] }] }, template: template({ app: 'web', tier: 'front' }) },
  status: { replicas: 3, readyReplicas: 2, updatedReplicas: 3, availableReplicas: 2 },
};
const webRs: ReplicaSet = {
  apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'web-5d8f9c7b6', namespace: 'shop', creationTimestamp: created },
  spec: { replicas: 3, selector: { matchLabels: { app: 'web', 'pod-template-hash': '5d8f9c7b6' } }, template: template({ app: 'web' }) },
  status: { replicas: 3, readyReplicas: 2 },
};
const agent: DaemonSet = {
  apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name: 'agent', namespace: 'ops', creationTimestamp: created },
  spec: { selector: { matchLabels: { app: 'agent' }, matchExpressions: [{ key: 'canary', operator: 'DoesNotExist' }] }, template: template({ app: 'agent' }, { 'node-role.kubernetes.io/worker': '', 'kubernetes.io/os': 'linux' }) },
  status: { desiredNumberScheduled: 3, currentNumberScheduled: 3, numberReady: 2, updatedNumberScheduled: 3, numberAvailable: 2 },
};

function viewOf(objects: KubeObject[]): StoreView {
  const list = <T extends KubeObject>(kind: string, namespace?: string): T[] =>
    objects.filter((o) => o.kind === kind && (namespace === undefined || o.metadata.namespace === namespace)) as T[];
  return { list, get: () => undefined, byIndex: () => [], countByIndex: () => 0, countsByIndex: (_k, _i, values) => values.map(() => 0), revision: () => 0, indexRevision: () => 0, changedSince: () => undefined };
}

function get(request: Partial<GetRequest> & { resource: string }, objects: KubeObject[] = [web, webRs, agent]) {
  return getResources(viewOf(objects), { epochMs, nowMs: 90_000 }, { output: 'table', ...request });
}

describe('the printers', () => {
  it('prints deployments as NAME READY UP-TO-DATE AVAILABLE AGE, -o wide adding CONTAINERS IMAGES SELECTOR', () => {
    expect(get({ resource: 'deployments' }).stdout).toBe(
      ['NAMESPACE   NAME   READY   UP-TO-DATE   AVAILABLE   AGE', 'shop        web    2/3     3            2           90s', ''].join('\n'),
    );
    expect(get({ resource: 'deploy', namespace: 'shop', output: 'wide' }).stdout).toBe(
      [
        'NAME   READY   UP-TO-DATE   AVAILABLE   AGE   CONTAINERS        IMAGES                                                  SELECTOR',
        'web    2/3     3            2           90s   app,istio-proxy   quay.io/x/app:1.0,gcr.io/istio-release/proxyv2:1.28.1   app=web,tier in (edge,front)',
        '',
      ].join('\n'),
    );
  });

  it('prints replicasets as NAME DESIRED CURRENT READY AGE (+ wide)', () => {
    expect(get({ resource: 'rs', namespace: 'shop' }).stdout).toBe(
      ['NAME            DESIRED   CURRENT   READY   AGE', 'web-5d8f9c7b6   3         3         2       90s', ''].join('\n'),
    );
    expect(get({ resource: 'replicasets', output: 'wide' }).stdout.split('\n')[1]).toBe(
      'shop        web-5d8f9c7b6   3         3         2       90s   app,istio-proxy   quay.io/x/app:1.0,gcr.io/istio-release/proxyv2:1.28.1   app=web,pod-template-hash=5d8f9c7b6',
    );
  });

  it('prints daemonsets with the node selector as labels, and selector requirements by key', () => {
    expect(get({ resource: 'ds' }).stdout).toBe(
      [
        'NAMESPACE   NAME    DESIRED   CURRENT   READY   UP-TO-DATE   AVAILABLE   NODE SELECTOR                                            AGE',
        'ops         agent   3         3         2       3            2           kubernetes.io/os=linux,node-role.kubernetes.io/worker=   90s',
        '',
      ].join('\n'),
    );
    expect(get({ resource: 'daemonsets', output: 'wide', namespace: 'ops' }).stdout.split('\n')[1]).toMatch(/ 90s +app,istio-proxy +quay\.io\/x\/app:1\.0,gcr\.io\/istio-release\/proxyv2:1\.28\.1 +app=agent,!canary$/);
  });

  it('prints a count the controller has not written as 0, a missing spec.replicas as 1', () => {
    const bare: Deployment = { ...web, spec: { selector: web.spec.selector, template: web.spec.template } };
    delete bare.status;
    const ds: DaemonSet = { ...agent, spec: { selector: {}, template: template({ app: 'agent' }) } };
    delete ds.status;
    expect(get({ resource: 'deploy' }, [bare]).stdout.split('\n')[1]).toBe('shop        web    0/1     0            0           90s');
    expect(get({ resource: 'ds', output: 'wide' }, [ds]).stdout.split('\n')[1]).toMatch(/^ops +agent +0 +0 +0 +0 +0 +<none> +90s +app,istio-proxy +\S+ +$/); // an empty selector: an empty last cell
  });

  it.each([
    ['deployments', 'Deployment'], ['deployment', 'Deployment'], ['deploy', 'Deployment'], ['deployments.apps', 'Deployment'], ['deploy.v1.apps', 'Deployment'],
    ['replicasets', 'ReplicaSet'], ['rs', 'ReplicaSet'], ['daemonsets', 'DaemonSet'], ['ds', 'DaemonSet'], ['daemonset.apps', 'DaemonSet'],
  ])('resolves %s to %s', (word, kind) => {
    expect(resolveResourceType(word)?.kind).toBe(kind);
  });

  it('names a missing one with its group, as the apiserver does', () => {
    expect(get({ resource: 'deploy', name: 'nope' }).stderr).toBe('Error from server (NotFound): deployments.apps "nope" not found\n');
  });

  it.each([
    [{ matchLabels: { b: '2', a: '1' } }, 'a=1,b=2'],
    [{ matchExpressions: [{ key: 'k', operator: 'NotIn' as const, values: ['y', 'x'] }, { key: 'e', operator: 'Exists' as const }] }, 'e,k notin (x,y)'],
    [{}, ''],
    [undefined, ''],
  ])('writes the selector %o as %s', (selector, text) => {
    expect(formatLabelSelector(selector)).toBe(text);
  });
});

describe('over the seed (l3-cudn)', () => {
  const loaded = loadScenario('scenarios/l3-cudn.yaml', [], (p) => readFileSync(p, 'utf8'));
  if (!loaded.ok) throw new Error('the seed does not load');
  const snapshot = snapshotAt(loaded.scenario);
  const seedGet = (request: Partial<GetRequest> & { resource: string }) =>
    getResources(snapshot.sim.store, { epochMs: snapshot.cluster.epochMs, nowMs: snapshot.sim.nowMs }, { output: 'table', ...request });

  it('lists the Deployments, their ReplicaSets and the Sail operator\'s DaemonSets', () => {
    const names = (resource: string) => seedGet({ resource }).stdout.trimEnd().split('\n').slice(1).map((line) => line.split(/\s+/).slice(0, 2).join('/'));
    expect(names('deploy')).toEqual(['httpbin/httpbin', 'istio-system/istiod', 'sleep/sleep']);
    expect(names('rs')).toEqual([expect.stringMatching(/^httpbin\/httpbin-[a-z0-9]+$/), expect.stringMatching(/^istio-system\/istiod-/), expect.stringMatching(/^sleep\/sleep-/)]);
    expect(names('ds')).toEqual(['istio-cni/istio-cni-node', 'ztunnel/ztunnel']);
  });

  it('prints one by --name and -n in -o yaml and -o json', () => {
    const yaml = seedGet({ resource: 'deploy', name: 'sleep', namespace: 'sleep', output: 'yaml' }).stdout;
    expect(yaml).toMatch(/^apiVersion: apps\/v1\nkind: Deployment\nmetadata:\n/);
    expect(yaml).toContain('      - command:\n        - /bin/sleep\n        - infinity\n        image: curlimages/curl\n');
    const json = JSON.parse(seedGet({ resource: 'ds', name: 'ztunnel', namespace: 'ztunnel', output: 'json' }).stdout) as DaemonSet;
    expect(json).toMatchObject({ apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name: 'ztunnel', namespace: 'ztunnel' } });
  });
});
