// Control-plane nodes in a scenario's `cluster` (W-1.4, W-2.3): `controlPlaneNodes: N` adds
// master-0…, a node of the list may say `role: control-plane`; they carry OpenShift's role labels and
// the taint its kubelet registers masters with (`node-role.kubernetes.io/master:NoSchedule`), and
// they join before the workers.
import { describe, expect, it } from 'vitest';
import { HEADER, loadOk, problemLines } from './in-memory-files.js';

const worker = (name: string) => ({ name, labels: { 'kubernetes.io/hostname': name, 'node-role.kubernetes.io/worker': '' } });
const master = (name: string, labels: Record<string, string> = {}) => ({
  name,
  labels: { 'kubernetes.io/hostname': name, 'node-role.kubernetes.io/control-plane': '', 'node-role.kubernetes.io/master': '', ...labels },
  taints: [{ key: 'node-role.kubernetes.io/master', effect: 'NoSchedule' }],
});

describe('cluster.controlPlaneNodes', () => {
  it('adds master-0… with the control-plane and master labels and the NoSchedule taint, before the workers', () => {
    expect(loadOk(`${HEADER}cluster:\n  nodes: 1\n  controlPlaneNodes: 3\n`).cluster.nodes).toEqual([master('master-0'), master('master-1'), master('master-2'), worker('worker-0')]);
  });

  it('keeps the three default workers when only control-plane nodes are given', () => {
    expect(loadOk(`${HEADER}cluster:\n  controlPlaneNodes: 1\n`).cluster.nodes.map((n) => n.name)).toEqual(['master-0', 'worker-0', 'worker-1', 'worker-2']);
  });

  it('is 0 by default, and 0 adds none', () => {
    expect(loadOk(`${HEADER}cluster:\n  nodes: 2\n  controlPlaneNodes: 0\n`).cluster.nodes).toEqual([worker('worker-0'), worker('worker-1')]);
  });

  it('can be set from the command line', () => {
    expect(loadOk(HEADER, {}, ['cluster.controlPlaneNodes=3', 'cluster.nodes=1']).cluster.nodes.map((n) => n.name)).toEqual(['master-0', 'master-1', 'master-2', 'worker-0']);
  });
});

describe('a role in the node list', () => {
  it('makes a listed node a control-plane node, moved ahead of the workers; its own labels stay', () => {
    const nodes = loadOk(`${HEADER}cluster:\n  nodes:\n    - name: w-a\n    - name: cp-a\n      role: control-plane\n      labels: {zone: a}\n    - name: w-b\n      role: worker\n`).cluster.nodes;
    expect(nodes).toEqual([master('cp-a', { zone: 'a' }), worker('w-a'), worker('w-b')]);
  });
});

describe('control-plane nodes that cannot be', () => {
  it.each([
    ['a role the cluster has not', `${HEADER}cluster:\n  nodes: [{name: a, role: infra}]\n`, 's.yaml:6:21: cluster.nodes[0].role: unsupported value "infra": supported values: "worker", "control-plane"'],
    ['a negative count', `${HEADER}cluster:\n  controlPlaneNodes: -1\n`, 's.yaml:6:3: cluster.controlPlaneNodes: must be greater than or equal to 0'],
    ['a listed node named as a counted one', `${HEADER}cluster:\n  controlPlaneNodes: 1\n  nodes: [{name: w}, {name: master-0}]\n`, 's.yaml:7:23: cluster.nodes[1].name: duplicate node name "master-0"'],
  ])('refuses %s', (_what, text, problem) => {
    expect(problemLines(text)).toEqual([problem]);
  });
});
