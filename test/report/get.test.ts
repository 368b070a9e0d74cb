import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { KubeEvent, KubeObject, Node, Pod, Service } from '../../models/kube/types.js';
import type { StoreView } from '../../models/store-view.js';
import { NODE_SUBNETS_ANNOTATION } from '../../models/ovnk/types.js';
import { main } from '../../sim/cli/main.js';
import { getResources, type GetRequest, type GetResult } from '../../sim/report/get/get.js';
import { foldLongScalars } from '../../sim/report/get/go-yaml-fold.js';
import { podStatus } from '../../sim/report/get/pods.js';
import { resolveResourceType } from '../../sim/report/get/resource-types.js';
import { snapshotAt } from '../../sim/run/run-scenario.js';
import { loadScenario } from '../../sim/scenario/load-scenario.js';
import type { Scenario } from '../../sim/scenario/types.js';

const SEED_FILE = 'scenarios/l3-cudn.yaml';
const readFile = (path: string) => readFileSync(path, 'utf8');

function loadSeed(): Scenario {
  const loaded = loadScenario(SEED_FILE, [], readFile);
  if (!loaded.ok) throw new Error(`${SEED_FILE} does not load`);
  return loaded.scenario;
}

type Snapshot = ReturnType<typeof snapshotAt>;

function get(snapshot: Snapshot, request: Partial<GetRequest> & { resource: string }): GetResult {
  const clock = { epochMs: snapshot.cluster.epochMs, nowMs: snapshot.sim.nowMs };
  return getResources(snapshot.sim.store, clock, { output: 'table', ...request });
}

/** The cells of a printed table, keyed by its header (headers with spaces kept whole). */
function rowsOf(table: string): Array<Record<string, string>> {
  const [header = '', ...lines] = table.trimEnd().split('\n');
  const starts = [...header.matchAll(/\S+(?: \S+)*/g)].map((m) => ({ name: m[0], at: m.index }));
  return lines.map((line) =>
    Object.fromEntries(starts.map((col, i) => [col.name, line.slice(col.at, starts[i + 1]?.at ?? line.length).trim()])),
  );
}

/** A read-only view holding just `objects`. */
function viewOf(objects: KubeObject[]): StoreView {
  const list = <T extends KubeObject>(kind: string, namespace?: string): T[] =>
    objects.filter((o) => o.kind === kind && (namespace === undefined || o.metadata.namespace === namespace)) as T[];
  return { list, get: () => undefined, byIndex: () => [], countByIndex: () => 0, countsByIndex: (_k, _i, values) => values.map(() => 0), revision: () => 0, indexRevision: () => 0, changedSince: () => undefined };
}

async function runCli(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), readFile });
  return { code, stdout, stderr };
}

describe('sim get over the seed scenario (l3-cudn)', () => {
  let settled: Snapshot;
  let httpbin: Pod;
  beforeAll(() => {
    settled = snapshotAt(loadSeed());
    httpbin = settled.sim.store.list<Pod>('Pod', 'httpbin')[0]!;
  });

  it('settles before printing', () => {
    expect(settled.settled).toBe(true);
  });

  it('lists httpbin in `get pods -o wide` with its default-network 10.x IP and its node', () => {
    const rows = rowsOf(get(settled, { resource: 'pods', output: 'wide' }).stdout);
    const row = rows.find((r) => r['NAME'] === httpbin.metadata.name);
    expect(row).toEqual({
      NAMESPACE: 'httpbin',
      NAME: httpbin.metadata.name,
      READY: '1/1',
      STATUS: 'Running',
      RESTARTS: '0',
      AGE: expect.stringMatching(/^\d+s$/),
      IP: httpbin.status!.podIPs![0]!.ip,
      NODE: httpbin.spec.nodeName,
      'NOMINATED NODE': '<none>',
      'READINESS GATES': '<none>',
    });
    expect(row!['IP']).toMatch(/^10\./);
  });

  it('prints the columns of `kubectl get pods` without -o wide, and no NAMESPACE column with -n', () => {
    const table = get(settled, { resource: 'pods', namespace: 'httpbin' }).stdout;
    expect(table.split('\n')[0]).toBe('NAME                      READY   STATUS    RESTARTS   AGE');
    expect(rowsOf(table).map((r) => r['NAME'])).toEqual([httpbin.metadata.name]);
  });

  it('adds one host-subnet column per network to `get nodes -o wide`', () => {
    const table = get(settled, { resource: 'nodes', output: 'wide' }).stdout;
    const header = table.split('\n')[0]!.split(/\s{2,}/);
    expect(header).toEqual([
      'NAME', 'STATUS', 'ROLES', 'AGE', 'VERSION', 'INTERNAL-IP', 'EXTERNAL-IP', 'OS-IMAGE', 'KERNEL-VERSION', 'CONTAINER-RUNTIME',
      'DEFAULT', 'CLUSTER_UDN_OSSM-L3-CUDN',
    ]);
    for (const row of rowsOf(table)) {
      const node = settled.sim.store.get<Node>('Node', row['NAME']!)!;
      const subnets = JSON.parse(node.metadata.annotations![NODE_SUBNETS_ANNOTATION]!) as Record<string, string[]>;
      expect(row).toMatchObject({ STATUS: 'Ready', ROLES: 'worker', VERSION: 'v1.31.6', 'EXTERNAL-IP': '<none>' });
      expect(row['DEFAULT']).toBe(subnets['default']!.join(','));
      expect(row['CLUSTER_UDN_OSSM-L3-CUDN']).toMatch(/^3\.3\.\d+\.0\/24$/);
    }
    expect(get(settled, { resource: 'nodes' }).stdout.split('\n')[0]).toBe('NAME       STATUS   ROLES    AGE   VERSION');
  });

  it('shows ossm-l3-cudn in `get cudn` (NAME AGE: the CRD has no printer columns)', () => {
    expect(rowsOf(get(settled, { resource: 'cudn' }).stdout)).toEqual([{ NAME: 'ossm-l3-cudn', AGE: expect.stringMatching(/s$/) }]);
  });

  it('lists each condition of the CUDN with its message in `get cudn -o wide`', () => {
    const lines = get(settled, { resource: 'cudn', output: 'wide' }).stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^NAME +AGE +CONDITION +MESSAGE$/);
    expect(lines[1]).toMatch(/^ossm-l3-cudn +\S+ +NetworkCreated=True +NetworkAttachmentDefinition has been created in following namespaces: \[/);
    expect(lines[2]).toMatch(/^ +NetworkAllocationSucceeded=True +Network allocation succeeded for all synced nodes\.$/);
  });

  it('says `No resources found` on stderr, exit 0, for events of a namespace that has none', () => {
    expect(get(settled, { resource: 'ev', namespace: 'default' })).toEqual({ stdout: '', stderr: 'No resources found in default namespace.\n', exitCode: 0 });
    expect(get(settled, { resource: 'ev', namespace: 'kube-public' }).stderr).toBe('No resources found in kube-public namespace.\n');
  });

  it('prints services with their ports as PORT/PROTOCOL', () => {
    const row = rowsOf(get(settled, { resource: 'svc', namespace: 'httpbin', output: 'wide' }).stdout)[0];
    const svc = settled.sim.store.get<Service>('Service', 'httpbin/httpbin')!;
    expect(row).toMatchObject({ NAME: 'httpbin', TYPE: 'ClusterIP', 'CLUSTER-IP': svc.spec.clusterIPs![0], 'EXTERNAL-IP': '<none>', 'PORT(S)': '8000/TCP', SELECTOR: 'app=httpbin' });
  });

  it('prints the default slice and OVN-K\'s mirror in `get endpointslices -n httpbin`', () => {
    const endpoints = rowsOf(get(settled, { resource: 'endpointslices', namespace: 'httpbin' }).stdout).map((r) => r['ENDPOINTS']).sort();
    expect(endpoints).toEqual([expect.stringMatching(/^10\./), expect.stringMatching(/^3\.3\./)]);
  });

  it('writes the pod with every annotation in `-o yaml`, and the YAML reads back as the stored object', () => {
    const out = get(settled, { resource: 'pod', namespace: 'httpbin', name: httpbin.metadata.name, output: 'yaml' }).stdout;
    expect(out).toContain('k8s.ovn.org/pod-networks:');
    expect(out).toContain('k8s.v1.cni.cncf.io/network-status: |-');
    expect(out).toContain('creationTimestamp: "');
    expect(parse(out)).toEqual(JSON.parse(JSON.stringify(httpbin)));
  });

  it('wraps several objects in a kind: List for -o yaml and -o json', () => {
    const yaml = parse(get(settled, { resource: 'nodes', output: 'yaml' }).stdout) as { kind: string; items: unknown[] };
    expect(yaml.kind).toBe('List');
    expect(yaml.items).toHaveLength(3);
    const json = get(settled, { resource: 'cudn', output: 'json' }).stdout;
    expect(json).toMatch(/^\{\n {4}"apiVersion": "v1",\n {4}"items": \[/);
    expect((JSON.parse(json) as { items: Array<{ metadata: { name: string } }> }).items.map((i) => i.metadata.name)).toEqual(['ossm-l3-cudn']);
  });

  it('answers a name that is not there as kubectl does: NotFound, exit 1', () => {
    expect(get(settled, { resource: 'cudn', name: 'nope' })).toEqual({
      stdout: '',
      stderr: 'Error from server (NotFound): clusteruserdefinednetworks.k8s.ovn.org "nope" not found\n',
      exitCode: 1,
    });
  });

  it('gives byte-identical output for the same scenario', () => {
    const again = snapshotAt(loadSeed());
    expect(get(again, { resource: 'pods', output: 'wide' })).toEqual(get(settled, { resource: 'pods', output: 'wide' }));
  });
});

describe('sim get --at (an earlier moment)', () => {
  it('has no httpbin pod at 1s: the Deployment is applied at 30s', () => {
    const early = snapshotAt(loadSeed(), 1000);
    expect(get(early, { resource: 'pods', namespace: 'httpbin' }).stderr).toBe('No resources found in httpbin namespace.\n');
    const ztunnels = rowsOf(get(early, { resource: 'pods', namespace: 'ztunnel' }).stdout);
    expect(ztunnels.map((r) => [r['READY'], r['STATUS'], r['AGE']])).toEqual([['0/1', 'Running', '1s'], ['0/1', 'Running', '1s'], ['0/1', 'Running', '1s']]);
  });

  it('shows httpbin ContainerCreating, without an IP, before its sandbox is up', () => {
    const creating = snapshotAt(loadSeed(), 30_100);
    const [row] = rowsOf(get(creating, { resource: 'pods', namespace: 'httpbin', output: 'wide' }).stdout);
    expect(row).toMatchObject({ READY: '0/1', STATUS: 'ContainerCreating', AGE: '0s', IP: '<none>', NODE: expect.stringMatching(/^worker-/) });
  });
});

describe('resource types', () => {
  it.each([
    ['pods', 'Pod'], ['pod', 'Pod'], ['po', 'Pod'], ['Pods', 'Pod'], ['pods.v1', 'Pod'],
    ['nodes', 'Node'], ['node', 'Node'], ['no', 'Node'],
    ['namespaces', 'Namespace'], ['ns', 'Namespace'],
    ['services', 'Service'], ['svc', 'Service'],
    ['events', 'Event'], ['event', 'Event'], ['ev', 'Event'],
    ['endpointslices', 'EndpointSlice'], ['endpointslice', 'EndpointSlice'], ['endpointslices.discovery.k8s.io', 'EndpointSlice'],
    ['clusteruserdefinednetworks', 'ClusterUserDefinedNetwork'], ['cudn', 'ClusterUserDefinedNetwork'], ['clusteruserdefinednetworks.k8s.ovn.org', 'ClusterUserDefinedNetwork'],
    ['userdefinednetworks', 'UserDefinedNetwork'], ['udn', 'UserDefinedNetwork'],
    ['network-attachment-definitions', 'NetworkAttachmentDefinition'], ['net-attach-def', 'NetworkAttachmentDefinition'],
  ])('resolves %s to %s', (word, kind) => {
    expect(resolveResourceType(word)?.kind).toBe(kind);
  });

  it('knows no short name for EndpointSlices, as discovery.k8s.io registers none', () => {
    expect(resolveResourceType('eps')).toBeUndefined();
  });
});

describe('printers on objects the seed does not have', () => {
  const epochMs = Date.parse('2025-12-22T15:26:00Z');

  it('prints events in the apiserver\'s namespace/name order, as kubectl does (it does not sort them)', () => {
    const event = (ns: string, name: string, lastTimestamp: string, reason: string): KubeEvent => ({
      apiVersion: 'v1', kind: 'Event', metadata: { name, namespace: ns },
      involvedObject: { kind: 'Pod', name: name.split('.')[0]!, namespace: ns },
      reason, message: ` ${reason} happened `, type: 'Warning', source: { component: 'kubelet', host: 'worker-0' },
      firstTimestamp: lastTimestamp, lastTimestamp, count: 2,
    });
    const view = viewOf([event('b', 'x.2', '2025-12-22T15:26:10Z', 'Late'), event('a', 'y.1', '2025-12-22T15:27:00Z', 'Early')]);
    const out = getResources(view, { epochMs, nowMs: 90_000 }, { resource: 'events', output: 'table' }).stdout;
    expect(out).toBe(
      [
        'NAMESPACE   LAST SEEN   TYPE      REASON   OBJECT   MESSAGE',
        'a           30s         Warning   Early    pod/y    Early happened',
        'b           80s         Warning   Late     pod/x    Late happened',
        '',
      ].join('\n'),
    );
    const wide = rowsOf(getResources(view, { epochMs, nowMs: 90_000 }, { resource: 'ev', output: 'wide', namespace: 'a' }).stdout);
    expect(wide[0]).toMatchObject({ SOURCE: 'kubelet, worker-0', 'FIRST SEEN': '30s', COUNT: '2', NAME: 'y.1' });
  });

  it.each<[string, Partial<Pod['status']> | undefined, Partial<Pod['spec']>, string | undefined, string]>([
    ['unscheduled', undefined, {}, undefined, 'Pending'],
    ['scheduled, no sandbox yet', { phase: 'Pending' }, { nodeName: 'worker-0' }, undefined, 'ContainerCreating'],
    ['running', { phase: 'Running' }, { nodeName: 'worker-0' }, undefined, 'Running'],
    ['deleted', { phase: 'Running' }, { nodeName: 'worker-0' }, '2025-12-22T15:27:00Z', 'Terminating'],
    ['deleted after it succeeded', { phase: 'Succeeded' }, { nodeName: 'worker-0' }, '2025-12-22T15:27:00Z', 'Succeeded'],
  ])('gives a pod that is %s the STATUS kubectl prints', (_what, status, spec, deletionTimestamp, expected) => {
    const pod: Pod = {
      apiVersion: 'v1', kind: 'Pod',
      metadata: { name: 'p', namespace: 'n', ...(deletionTimestamp ? { deletionTimestamp } : {}) },
      spec: { containers: [{ name: 'c' }], ...spec },
      ...(status ? { status } : {}),
    };
    expect(podStatus(pod)).toBe(expected);
  });
});

describe('foldLongScalars (go-yaml v2 folding, as kubectl -o yaml shows it)', () => {
  it('breaks a long single-quoted value at the first space past column 80, at the value\'s indent', () => {
    const line = `      message: '0/6 nodes are available: 3 node(s) didn''t match Pod''s node affinity/selector, 3 node(s) had untolerated taint.'`;
    expect(foldLongScalars(line)).toBe(
      [
        `      message: '0/6 nodes are available: 3 node(s) didn''t match Pod''s node affinity/selector,`,
        `        3 node(s) had untolerated taint.'`,
      ].join('\n'),
    );
  });

  it('leaves block scalars, double-quoted values and short lines alone', () => {
    const text = [
      '    note: |-',
      `      ${'word '.repeat(30).trim()}`,
      '',
      `      ${'more '.repeat(30).trim()}`,
      `    quoted: "${'x '.repeat(50).trim()}"`,
      '    short: a b c',
    ].join('\n');
    expect(foldLongScalars(text)).toBe(text);
  });
});

describe('sim get (the command)', () => {
  it('answers an unknown resource type as kubectl does, exit 1', async () => {
    expect(await runCli('get', 'widgets', SEED_FILE)).toEqual({ code: 1, stdout: '', stderr: 'error: the server doesn\'t have a resource type "widgets"\n' });
  });

  it('refuses a bad --at with exit 2 and says what a duration looks like', async () => {
    const result = await runCli('get', 'pods', SEED_FILE, '--at', 'soon');
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^sim: invalid --at "soon": expected a duration like 500ms, 30s/);
  });

  it('lists every namespace by default and one with -n', async () => {
    const all = await runCli('get', 'po', SEED_FILE);
    expect(all.code).toBe(0);
    expect(all.stdout.split('\n')[0]).toMatch(/^NAMESPACE +NAME +READY +STATUS +RESTARTS +AGE$/);
    const one = await runCli('get', 'po', SEED_FILE, '-n', 'sleep', '-o', 'wide');
    expect(rowsOf(one.stdout).map((r) => r['NAME'])).toEqual([expect.stringMatching(/^sleep-/)]);
  });

  it('prints kubectl\'s no-resources message on stderr with exit 0', async () => {
    expect(await runCli('get', 'events', SEED_FILE, '-n', 'default')).toEqual({ code: 0, stdout: '', stderr: 'No resources found in default namespace.\n' });
  });

  it('exits 2 and prints the problems of a scenario that does not load', async () => {
    const result = await runCli('get', 'pods', 'scenarios/does-not-exist.yaml');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('cannot read file');
  });
});
