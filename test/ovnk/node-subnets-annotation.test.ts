// A hand-written Node's k8s.ovn.org/node-subnets is read as OVN-K's ParseNodeHostSubnetAnnotation
// reads it (go-controller pkg/util/subnet_annotations.go): a list of CIDRs or one CIDR string per
// network; anything else gives that network no subnet. Found by the fuzzer: a string value crashed
// the text report and a non-CIDR crashed the pod allocator.
import { describe, expect, it } from 'vitest';
import { nodeSubnets } from '../../models/ovnk/node-subnet-controller.js';
import type { Node } from '../../models/kube/types.js';
import { main, type Io } from '../../sim/cli/main.js';
import { inMemoryFiles } from '../scenario/in-memory-files.js';

const node = (annotation: string): Node => ({ apiVersion: 'v1', kind: 'Node', metadata: { name: 'n', annotations: { 'k8s.ovn.org/node-subnets': annotation } }, spec: {} });

describe('k8s.ovn.org/node-subnets as OVN-K parses it', () => {
  it.each([
    ['a list per network', '{"default":["10.128.0.0/23"]}', { default: ['10.128.0.0/23'] }],
    ['the single-stack string form', '{"default":"10.128.0.0/23"}', { default: ['10.128.0.0/23'] }],
    ['a number', '{"default":1}', {}],
    ['a text that is no CIDR', '{"default":["x"],"blue":["3.3.0.0/24"]}', { blue: ['3.3.0.0/24'] }],
    ['a list at the top', '["10.128.0.0/23"]', {}],
    ['no JSON', 'nope', {}],
  ])('reads %s', (_, annotation, expected) => {
    expect(nodeSubnets(node(annotation))).toEqual(expected);
  });

  it('runs a scenario whose Node carries the string form or a number, without a crash', async () => {
    for (const value of ['{"default":"10.128.0.0/23"}', '{"default":1}']) {
      const scenario = `apiVersion: udnsim/v1alpha1\nkind: Scenario\nmetadata: {name: a}\napply:\n  - objects:\n      - apiVersion: v1\n        kind: Node\n        metadata:\n          name: worker-0\n          annotations: {k8s.ovn.org/node-subnets: '${value}'}\n`;
      let stderr = '';
      const io: Io = { stdout: () => undefined, stderr: (t) => void (stderr += t), readFile: inMemoryFiles({ 's.yaml': scenario }) };
      expect(await main(['run', 's.yaml'], io)).toBe(0);
      expect(stderr).toBe('');
    }
  });
});
