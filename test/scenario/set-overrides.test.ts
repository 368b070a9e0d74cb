import { describe, expect, it } from 'vitest';
import { parseSetValue } from '../../sim/scenario/set-overrides.js';
import { HEADER, loadOk, problemLines } from './in-memory-files.js';

const BASE = `${HEADER}istiod:\n  ambientAddressSource: status-pod-ips\ncluster:\n  nodes:\n    - name: a\n    - name: b\n`;

describe('--set', () => {
  it('overrides a string field', () => {
    const scenario = loadOk(BASE, {}, ['istiod.ambientAddressSource=ovn-pod-networks']);
    expect(scenario.istiod.ambientAddressSource).toBe('ovn-pod-networks');
    expect(scenario.sets).toEqual([{ path: 'istiod.ambientAddressSource', value: 'ovn-pod-networks' }]);
  });

  it('reads a number as a number', () => {
    expect(loadOk(BASE, {}, ['seed=7']).seed).toBe(7);
  });

  it.each(['cluster.nodes[1].name=c', 'cluster.nodes.1.name=c'])('follows a nested path with a list index: %s', (set) => {
    expect(loadOk(BASE, {}, [set]).cluster.nodes.map((node) => node.name)).toEqual(['a', 'c']);
  });

  it('creates the maps on the way to a field the scenario does not have', () => {
    const scenario = loadOk(HEADER, {}, ['istiod.endpointSliceServiceLabel=k8s.ovn.org/service-name']);
    expect(scenario.istiod).toEqual({ endpointSliceServiceLabel: 'k8s.ovn.org/service-name' });
  });

  it('replaces a list by a flow list', () => {
    expect(loadOk(BASE, {}, ['cluster.serviceNetwork=[172.30.0.0/16, 172.31.0.0/16]']).cluster.serviceNetwork).toEqual([
      '172.30.0.0/16',
      '172.31.0.0/16',
    ]);
  });

  it('applies several overrides in order', () => {
    expect(loadOk(BASE, {}, ['seed=3', 'seed=4']).seed).toBe(4);
  });

  it.each([
    [['istiod.bogus=1'], '--set:1:1: istiod.bogus: unknown field "bogus"'],
    [['nonsense.deep=1'], '--set:1:1: nonsense: unknown field "nonsense"'],
    [['cluster.multus=maybe'], '--set:1:1: cluster.multus: expected a boolean'],
    [['istiod.ambientAddressSource'], '--set:1:1: istiod.ambientAddressSource: expected PATH=VALUE, got "istiod.ambientAddressSource"'],
    [['seed.x=1'], '--set:1:1: seed: expected an integer'],
    [['metadata.name.x=1'], '--set:1:1: metadata.name.x: metadata.name is not a map or list'],
    [['cluster.nodes[5].name=x'], '--set:1:1: cluster.nodes[5].name: cluster.nodes has no item 5'],
    [['cluster.serviceNetwork=[a'], '--set:1:1: cluster.serviceNetwork: invalid value "[a": Flow sequence must end with a ]'],
  ])('reports a problem caused by %j at --set:1:1', (sets, line) => {
    expect(problemLines(BASE, {}, sets)).toEqual([line]);
  });
});

describe('parseSetValue', () => {
  it.each([
    ['3', 3],
    ['true', true],
    ['[a,b]', ['a', 'b']],
    ['{a: 1}', { a: 1 }],
    ['status-pod-ips', 'status-pod-ips'],
    ["'007'", '007'],
    ['', ''],
    ['a: b', 'a: b'],
    ['#x', '#x'],
    ['null', null],
  ])('reads %j as %j', (text, value) => {
    expect(parseSetValue(text)).toEqual({ value });
  });
});
