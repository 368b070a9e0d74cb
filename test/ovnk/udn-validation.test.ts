import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../models/kube/types.js';
import { validateNetworkApply } from '../../models/ovnk/udn-validation.js';

function udn(spec: unknown): KubeObject {
  return { apiVersion: 'k8s.ovn.org/v1', kind: 'UserDefinedNetwork', metadata: { name: 'net', namespace: 'blue' }, spec };
}

function cudn(network: unknown, specFields: Record<string, unknown> = {}): KubeObject {
  const spec = { namespaceSelector: { matchLabels: { tenant: 'blue' } }, network, ...specFields };
  return { apiVersion: 'k8s.ovn.org/v1', kind: 'ClusterUserDefinedNetwork', metadata: { name: 'bad-cudn' }, spec };
}

const layer3 = (config: Record<string, unknown>) => ({ topology: 'Layer3', layer3: { role: 'Primary', subnets: [{ cidr: '10.200.0.0/16', hostSubnet: 24 }], ...config } });
const layer2 = (config: Record<string, unknown>) => ({ topology: 'Layer2', layer2: { role: 'Primary', subnets: ['10.100.0.0/16'], ...config } });
const DUAL_STACK = [{ cidr: '10.200.0.0/16', hostSubnet: 24 }, { cidr: 'fd00:10:200::/48', hostSubnet: 64 }];

const UDN_INVALID = 'The UserDefinedNetwork "net" is invalid: ';
const CUDN_INVALID = 'The ClusterUserDefinedNetwork "bad-cudn" is invalid: ';
const SKIPPED = '<nil>: Invalid value: "null": some validation rules were not checked because the object was invalid; correct the existing errors to complete validation';
/** kubectl prints several causes as a list under the title (whose trailing space it keeps). */
const several = (title: string, ...lines: string[]) => [title, ...lines.map((line) => `* ${line}`)].join('\n');

describe('validateNetworkApply: what the API server accepts (W-2.1)', () => {
  it.each([
    ['a Layer3 primary UDN', udn(layer3({}))],
    ['a Layer2 primary UDN', udn(layer2({}))],
    ['a dual-stack Layer3 UDN (IPv4 /16 by 24, IPv6 /48 by 64)', udn(layer3({ subnets: DUAL_STACK }))],
    ['a dual-stack Layer3 UDN with mtu 1400 (the IPv6 MTU floor is 1280)', udn(layer3({ subnets: DUAL_STACK, mtu: 1400 }))],
    ['a Layer2 secondary UDN without IPAM and without subnets', udn(layer2({ role: 'Secondary', subnets: undefined, ipam: { mode: 'Disabled' } }))],
    ['a primary Layer3 UDN with its own join subnet', udn(layer3({ joinSubnets: ['100.70.0.0/16'] }))],
    ['a CIDR with host bits set (CEL isCIDR takes them)', udn(layer2({ subnets: ['10.100.0.1/16'] }))],
    ['an IPv6 host subnet other than 64 (only the controller refuses it)', udn(layer3({ subnets: [{ cidr: 'fd00::/48', hostSubnet: 56 }] }))],
    ['a Layer3 CUDN', cudn(layer3({}))],
    ['a Localnet CUDN', cudn({ topology: 'Localnet', localnet: { role: 'Secondary', physicalNetworkName: 'physnet', subnets: ['192.168.10.0/24'] } })],
    ['a kind that is no network', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'blue' } }],
  ])('accepts %s', (_, object) => {
    expect(validateNetworkApply(object, undefined)).toBeUndefined();
  });
});

describe('validateNetworkApply: each refusal in the words kubectl prints', () => {
  it.each([
    ['an unknown UDN topology', udn({ topology: 'Localnet' }),
      several(UDN_INVALID, 'spec.topology: Unsupported value: "Localnet": supported values: "Layer2", "Layer3"', SKIPPED)],
    ['an unknown CUDN topology', cudn({ topology: 'Layer4' }),
      several(CUDN_INVALID, 'spec.network.topology: Unsupported value: "Layer4": supported values: "Layer2", "Layer3", "Localnet"', SKIPPED)],
    ['a UDN without spec', udn(undefined), several(UDN_INVALID, 'spec: Required value', SKIPPED)],
    ['a Layer3 UDN without layer3', udn({ topology: 'Layer3' }),
      `${UDN_INVALID}spec: Invalid value: "object": spec.layer3 is required when topology is Layer3 and forbidden otherwise`],
    ['a Layer2 CUDN that also sets layer3', cudn({ ...layer2({}), layer3: layer3({}).layer3 }),
      `${CUDN_INVALID}spec.network: Invalid value: "object": spec.layer3 is required when topology is Layer3 and forbidden otherwise`],
    ['a Layer2 UDN without layer2', udn({ topology: 'Layer2' }),
      `${UDN_INVALID}spec: Invalid value: "object": spec.layer2 is required when topology is Layer2 and forbidden otherwise`],
    ['a Localnet CUDN without localnet', cudn({ topology: 'Localnet' }),
      `${CUDN_INVALID}spec.network: Invalid value: "object": spec.localnet is required when topology is Localnet and forbidden otherwise`],
    ['a layer3 without role', udn(layer3({ role: undefined })), several(UDN_INVALID, 'spec.layer3.role: Required value', SKIPPED)],
    ['an unknown role', udn(layer3({ role: 'Tertiary' })),
      several(UDN_INVALID, 'spec.layer3.role: Unsupported value: "Tertiary": supported values: "Primary", "Secondary"', SKIPPED)],
    ['an mtu below 576', cudn(layer3({ mtu: 1 })),
      `${CUDN_INVALID}spec.network.layer3.mtu: Invalid value: 1: spec.network.layer3.mtu in body should be greater than or equal to 576`],
    ['an mtu above 65536', udn(layer2({ mtu: 70000 })),
      `${UDN_INVALID}spec.layer2.mtu: Invalid value: 70000: spec.layer2.mtu in body should be less than or equal to 65536`],
    ['an mtu that is no integer', udn(layer3({ mtu: 'big' })),
      several(UDN_INVALID, 'spec.layer3.mtu: Invalid value: "string": spec.layer3.mtu in body must be of type integer: "string"', SKIPPED)],
    ['an empty subnet list', udn(layer3({ subnets: [] })),
      `${UDN_INVALID}spec.layer3.subnets: Invalid value: 0: spec.layer3.subnets in body should have at least 1 items`],
    ['three subnets', udn(layer3({ subnets: [...DUAL_STACK, { cidr: '10.201.0.0/16' }] })),
      several(UDN_INVALID, 'spec.layer3.subnets: Too many: 3: must have at most 2 items', SKIPPED)],
    ['an invalid layer3 CIDR', udn(layer3({ subnets: [{ cidr: '3.3.0.0/33' }] })),
      `${UDN_INVALID}spec.layer3.subnets[0].cidr: Invalid value: "string": CIDR is invalid`],
    ['an invalid layer2 CIDR', udn(layer2({ subnets: ['ten'] })), `${UDN_INVALID}spec.layer2.subnets[0]: Invalid value: "string": CIDR is invalid`],
    ['a hostSubnet no longer than its CIDR prefix', cudn(layer3({ subnets: [{ cidr: '10.0.0.0/24', hostSubnet: 24 }] })),
      `${CUDN_INVALID}spec.network.layer3.subnets[0]: Invalid value: "object": HostSubnet must be smaller than CIDR subnet`],
    ['an IPv4 hostSubnet of 32', udn(layer3({ subnets: [{ cidr: '10.0.0.0/16', hostSubnet: 32 }] })),
      `${UDN_INVALID}spec.layer3.subnets[0]: Invalid value: "object": HostSubnet must < 32 for ipv4 CIDR`],
    ['two subnets of one family', udn(layer3({ subnets: [{ cidr: '10.1.0.0/16' }, { cidr: '10.2.0.0/16' }] })),
      `${UDN_INVALID}spec.layer3.subnets: Invalid value: "array": When 2 CIDRs are set, they must be from different IP families`],
    ['layer2 without subnets while IPAM is on', udn(layer2({ subnets: undefined })),
      `${UDN_INVALID}spec.layer2: Invalid value: "object": Subnets is required with ipam.mode is Enabled or unset`],
    ['layer2 subnets with IPAM disabled', udn(layer2({ role: 'Secondary', ipam: { mode: 'Disabled' } })),
      `${UDN_INVALID}spec.layer2: Invalid value: "object": Subnets must be unset when ipam.mode is Disabled`],
    ['a primary layer2 with IPAM disabled', udn(layer2({ subnets: undefined, ipam: { mode: 'Disabled' } })),
      `${UDN_INVALID}spec.layer2: Invalid value: "object": Disabled ipam.mode is only supported for Secondary network`],
    ['persistent IPs with IPAM disabled', udn(layer2({ role: 'Secondary', subnets: undefined, ipam: { mode: 'Disabled', lifecycle: 'Persistent' } })),
      `${UDN_INVALID}spec.layer2.ipam: Invalid value: "object": lifecycle Persistent is only supported when ipam.mode is Enabled`],
    ['an empty ipam', udn(layer2({ ipam: {} })), `${UDN_INVALID}spec.layer2.ipam: Invalid value: 1: spec.layer2.ipam in body should have at least 1 properties`],
    ['join subnets on a secondary network', udn(layer3({ role: 'Secondary', joinSubnets: ['100.70.0.0/16'] })),
      `${UDN_INVALID}spec.layer3: Invalid value: "object": JoinSubnets is only supported for Primary network`],
    ['a dual-stack network with mtu 1200', udn(layer3({ subnets: DUAL_STACK, mtu: 1200 })),
      `${UDN_INVALID}spec.layer3: Invalid value: "object": MTU should be greater than or equal to 1280 when IPv6 subent is used`],
    ['a CUDN without namespaceSelector', cudn(layer3({}), { namespaceSelector: undefined }), several(CUDN_INVALID, 'spec.namespaceSelector: Required value', SKIPPED)],
  ])('refuses %s', (_, object, message) => {
    expect(validateNetworkApply(object, undefined)?.message).toBe(message);
  });

  it('lists every violation, schema errors first, then the CEL rules from the outside in', () => {
    const object = udn(layer3({ role: 'Secondary', mtu: 500, joinSubnets: ['100.70.0.0/16'], subnets: [{ cidr: '10.0.0.0/24', hostSubnet: 16 }] }));
    expect(validateNetworkApply(object, undefined)).toEqual({
      message: several(
        UDN_INVALID,
        'spec.layer3.mtu: Invalid value: 500: spec.layer3.mtu in body should be greater than or equal to 576',
        'spec.layer3: Invalid value: "object": JoinSubnets is only supported for Primary network',
        'spec.layer3.subnets[0]: Invalid value: "object": HostSubnet must be smaller than CIDR subnet',
      ),
      path: ['spec', 'layer3', 'mtu'],
    });
  });

  it('runs no CEL rule while a schema error blocks them, and says so once', () => {
    const object = udn(layer3({ role: 'Tertiary', joinSubnets: ['100.70.0.0/16'], subnets: [{ cidr: 'ten', hostSubnet: 200 }] }));
    expect(validateNetworkApply(object, undefined)?.message).toBe(
      several(
        UDN_INVALID,
        'spec.layer3.role: Unsupported value: "Tertiary": supported values: "Primary", "Secondary"',
        'spec.layer3.subnets[0].hostSubnet: Invalid value: 200: spec.layer3.subnets[0].hostSubnet in body should be less than or equal to 127',
        SKIPPED,
      ),
    );
  });
});

describe('validateNetworkApply: the path of the first violation, where the CRD attaches the rule', () => {
  const badHostSubnet = layer3({ subnets: [{ cidr: '10.0.0.0/24', hostSubnet: 16 }] });
  it.each([
    ['a UDN subnet rule', udn(badHostSubnet), ['spec', 'layer3', 'subnets', 0]],
    ['a CUDN subnet rule', cudn(badHostSubnet), ['spec', 'network', 'layer3', 'subnets', 0]],
    ['a UDN topology rule', udn({ topology: 'Layer3' }), ['spec']],
    ['a CUDN topology rule', cudn({ topology: 'Layer3' }), ['spec', 'network']],
    ['a CUDN CIDR rule', cudn(layer2({ subnets: ['10.0.0.0/16', 'nope'] })), ['spec', 'network', 'layer2', 'subnets', 1]],
    ['a missing CUDN namespaceSelector', cudn(layer3({}), { namespaceSelector: undefined }), ['spec', 'namespaceSelector']],
  ])('points at %s', (_, object, path) => {
    expect(validateNetworkApply(object, undefined)?.path).toEqual(path);
  });
});

describe('validateNetworkApply: updates (transition rules compare with the stored object)', () => {
  it.each([
    ['the topology of a UDN', udn(layer3({})), udn(layer2({})), `${UDN_INVALID}spec.topology: Invalid value: "string": Topology is immutable`],
    ['the topology of a CUDN', cudn(layer3({})), cudn(layer2({})), `${CUDN_INVALID}spec.network.topology: Invalid value: "string": Topology is immutable`],
    ['the role', udn(layer3({})), udn(layer3({ role: 'Secondary' })), `${UDN_INVALID}spec.layer3.role: Invalid value: "string": role is immutable`],
    ['the mtu', udn(layer3({ mtu: 1400 })), udn(layer3({ mtu: 9000 })), `${UDN_INVALID}spec.layer3.mtu: Invalid value: "integer": mtu is immutable`],
    ['the join subnets', udn(layer3({ joinSubnets: ['100.70.0.0/16'] })), udn(layer3({ joinSubnets: ['100.71.0.0/16'] })),
      `${UDN_INVALID}spec.layer3.joinSubnets: Invalid value: "array": joinSubnets is immutable`],
    ['a layer2 section', udn(layer2({})), udn(layer2({ subnets: ['10.101.0.0/16'] })), `${UDN_INVALID}spec.layer2: Invalid value: "object": Layer2 is immutable`],
    ['a CUDN layer2 section', cudn(layer2({})), cudn(layer2({ mtu: 1300 })), `${CUDN_INVALID}spec.network.layer2: Invalid value: "object": Layer2 is immutable`],
  ])('refuses changing %s', (_, stored, applied, message) => {
    expect(validateNetworkApply(applied, stored)?.message).toBe(message);
    expect(validateNetworkApply(applied, undefined)).toBeUndefined();
  });

  it.each([
    ['the same spec again', udn(layer3({ mtu: 1400 })), udn(layer3({ mtu: 1400 }))],
    ['an mtu the stored object did not set (transition rules need an old value)', udn(layer3({})), udn(layer3({ mtu: 9000 }))],
    ['new layer3 subnets (no rule of that era guards them)', udn(layer3({})), udn(layer3({ subnets: [{ cidr: '10.201.0.0/16', hostSubnet: 24 }] }))],
    ['a CUDN selecting other namespaces', cudn(layer3({})), cudn(layer3({}), { namespaceSelector: { matchLabels: { tenant: 'red' } } })],
  ])('accepts %s', (_, stored, applied) => {
    expect(validateNetworkApply(applied, stored)).toBeUndefined();
  });
});
