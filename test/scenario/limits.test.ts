// The simulator's size and time limits (sim/scenario/limits.ts, README "Limits"): past one, the
// scenario is refused at the field that takes it over, naming the limit; up to it, it loads.
import { describe, expect, it } from 'vitest';
import { generateScenario } from '../../sim/generate/generate.js';
import { PRESETS } from '../../sim/generate/params.js';
import { LIMITS } from '../../sim/scenario/limits.js';
import { HEADER, loadOk, problemLines } from './in-memory-files.js';

const NAMESPACE = '      - {apiVersion: v1, kind: Namespace, metadata: {name: a}}\n';
const TEMPLATE = 'selector: {matchLabels: {app: d}}, template: {metadata: {labels: {app: d}}, spec: {containers: [{name: c}]}}';

function workload(kind: string, name: string, replicas?: number): string {
  const count = (replicas === undefined ? '' : `replicas: ${replicas}, `) + (kind === 'StatefulSet' ? `serviceName: ${name}, ` : '');
  return `      - {apiVersion: apps/v1, kind: ${kind}, metadata: {name: ${name}, namespace: a}, spec: {${count}${TEMPLATE}}}\n`;
}

describe('time limits', () => {
  const at = (value: string) => `${HEADER}apply:\n  - at: ${value}\n    objects:\n${NAMESPACE}`;

  it.each([
    ['0.5', 's.yaml:6:5: apply[0].at: 0.5 ms is not a whole number of milliseconds (the virtual clock counts whole milliseconds)'],
    ['1.5ms', 's.yaml:6:5: apply[0].at: "1.5ms" is not a whole number of milliseconds (the virtual clock counts whole milliseconds)'],
    ['0.0005s', 's.yaml:6:5: apply[0].at: "0.0005s" is not a whole number of milliseconds (the virtual clock counts whole milliseconds)'],
    ['169h', 's.yaml:6:5: apply[0].at: "169h" is more than the simulator\'s limit of 168h of virtual time'],
    ['604800001', 's.yaml:6:5: apply[0].at: 604800001 ms is more than the simulator\'s limit of 168h of virtual time'],
    ['.inf', 's.yaml:6:5: apply[0].at: Infinity ms is more than the simulator\'s limit of 168h of virtual time'],
    ['.nan', 's.yaml:6:5: apply[0].at: expected a duration like 500ms, 30s, 2m or 1m30s (or a number of milliseconds)'],
  ])('refuses an apply entry at %s', (value, line) => {
    expect(problemLines(at(value))).toEqual([line]);
  });

  it.each([
    ['168h', LIMITS.durationMs],
    ['1.1s', 1100],
    ['0.001s', 1],
    ['1m0.5s', 60_500],
  ])('accepts an apply entry at %s', (value, ms) => {
    expect(loadOk(at(value)).objects[0]?.atMs).toBe(ms);
  });

  it('refuses a probe at a fraction of a millisecond', () => {
    const probe = `probes:\n  - name: p\n    exec: {namespace: a, target: pod/p, command: id}\n    at: 2.5\n`;
    const pod = '      - {apiVersion: v1, kind: Pod, metadata: {name: p, namespace: a}, spec: {containers: [{name: c}]}}\n';
    expect(problemLines(`${HEADER}apply:\n  - objects:\n${NAMESPACE}${pod}${probe}`)).toEqual([
      's.yaml:12:5: probes[0].at: 2.5 ms is not a whole number of milliseconds (the virtual clock counts whole milliseconds)',
    ]);
  });

  it('refuses a delay of the cluster timing past the limit', () => {
    expect(problemLines(`${HEADER}cluster:\n  timing:\n    mirrorDelayMs: 1e300\n`)).toEqual([
      's.yaml:7:5: cluster.timing.mirrorDelayMs: 1e+300 ms is more than the simulator\'s limit of 168h of virtual time',
    ]);
  });
});

describe('size limits', () => {
  it('refuses more nodes than the limit as a count', () => {
    expect(problemLines(`${HEADER}cluster:\n  nodes: 5001\n`)).toEqual([
      "s.yaml:6:3: cluster.nodes: 5001 nodes is more than the simulator's limit of 5000 nodes",
    ]);
  });

  it('accepts the limit itself', () => {
    expect(loadOk(`${HEADER}cluster:\n  nodes: 5000\n`).cluster.nodes).toHaveLength(5000);
  });

  it('refuses a node list longer than the limit at its first node past it', () => {
    const nodes = Array.from({ length: 5001 }, (_, i) => `{name: n${i}}`).join(', ');
    expect(problemLines(`${HEADER}cluster:\n  nodes: [${nodes}]\n`)).toEqual([
      expect.stringMatching(/^s\.yaml:6:\d+: cluster\.nodes\[5000\]: 5001 nodes is more than the simulator's limit of 5000 nodes$/),
    ]);
  });

  it('counts a DaemonSet once per node, and reports the workload that takes the total over', () => {
    const objects = `${NAMESPACE}${workload('DaemonSet', 'ds')}${workload('Deployment', 'd', 149_950)}`;
    expect(problemLines(`${HEADER}cluster:\n  nodes: 100\napply:\n  - objects:\n${objects}`)).toEqual([
      "s.yaml:11:91: apply[0].objects[2].spec.replicas: 150050 pods in total (this Deployment: 149950) is more than the simulator's limit of 150000 pods",
    ]);
  });

  it('counts a DaemonSet that takes the total over at the object, one pod per node', () => {
    const objects = `${NAMESPACE}${workload('Deployment', 'd', 149_950)}${workload('DaemonSet', 'ds')}`;
    expect(problemLines(`${HEADER}cluster:\n  nodes: 100\napply:\n  - objects:\n${objects}`)).toEqual([
      "s.yaml:11:9: apply[0].objects[2]: 150050 pods in total (this DaemonSet: 100, one per node) is more than the simulator's limit of 150000 pods",
    ]);
  });

  it('counts the manifests of an entry once per namespace of namespaces:', () => {
    const created = '  - objects: [{apiVersion: v1, kind: Namespace, metadata: {name: a}}, {apiVersion: v1, kind: Namespace, metadata: {name: b}}]\n';
    const namespaces = `${HEADER}apply:\n${created}  - objects:\n${workload('StatefulSet', 'd', 80_000).replace(', namespace: a', '')}    namespaces: [a, b]\n`;
    expect(problemLines(namespaces)).toEqual([
      "s.yaml:8:78: apply[1].objects[0].spec.replicas: 160000 pods in total (this StatefulSet: 80000) is more than the simulator's limit of 150000 pods",
    ]);
  });

  it('counts an object applied again once, at its largest', () => {
    const twice = `${HEADER}apply:\n  - objects:\n${NAMESPACE}${workload('Deployment', 'd', 100_000)}  - at: 1m\n    objects:\n${workload('Deployment', 'd', 100_000)}`;
    expect(loadOk(twice).objects).toHaveLength(3);
  });

  it('refuses more objects than the limit at the entry\'s namespaces before admitting any', () => {
    const names = Array.from({ length: 100_001 }, (_, i) => `n${i}`).join(', ');
    const text = `${HEADER}apply:\n  - objects:\n      - {apiVersion: v1, kind: ServiceAccount, metadata: {name: x}}\n      - {apiVersion: v1, kind: ConfigMap, metadata: {name: x}}\n    namespaces: [${names}]\n`;
    expect(problemLines(text)).toEqual([
      "s.yaml:9:5: apply[0].namespaces: 200002 objects in total (this entry: 200002) is more than the simulator's limit of 200000 objects",
    ]);
  });

  it('refuses more probes than the limit at the first probe past it', () => {
    const probes = Array.from({ length: 10_001 }, (_, i) => `  - {name: p${i}, exec: {namespace: default, target: pod/x, command: id}}\n`).join('');
    expect(problemLines(`${HEADER}probes:\n${probes}`)).toEqual([
      "s.yaml:10006:5: probes[10000]: 10001 probes is more than the simulator's limit of 10000 probes",
    ]);
  });
});

describe('the limits and sim generate', () => {
  it('leave room for the seed-limit preset (50 000 pods on 250 nodes, 1 000 probes)', () => {
    const scenario = loadOk(generateScenario(PRESETS['seed-limit']!));
    expect(scenario.cluster.nodes.length).toBeLessThanOrEqual(LIMITS.nodes);
    expect(scenario.probes.length).toBeLessThanOrEqual(LIMITS.probes);
    expect(scenario.objects.length).toBeLessThanOrEqual(LIMITS.objects);
  });
});

describe('control-plane nodes count toward the node limit', () => {
  it('refuses controlPlaneNodes that take the cluster past 5 000 nodes, at the field, without building them', () => {
    expect(problemLines(`${HEADER}cluster:\n  controlPlaneNodes: 4294967296\n`)).toEqual([
      "s.yaml:6:3: cluster.controlPlaneNodes: 4294967299 nodes is more than the simulator's limit of 5000 nodes",
    ]);
  });
});
