// The structural schema and CEL rules (x-kubernetes-validations) of the UserDefinedNetwork and
// ClusterUserDefinedNetwork CRDs (world.md W-2.1; OVN-K crd/userdefinednetwork/v1/{udn,cudn,shared}.go
// and helm/ovn-kubernetes/crds/k8s.ovn.org_*userdefinednetworks.yaml). Each rule sits on the node the CRD puts it on.
import { parseCidrAddress, type IpFamily } from '../net/cidr.js';

export type JsonMap = Record<string, unknown>;

export interface CelRule {
  message: string;
  /** A transition rule (`self == oldSelf`): evaluated on update only, when the old object has the field too. */
  transition?: true;
  holds: (self: unknown, oldSelf: unknown) => boolean;
}

export interface SchemaNode {
  type: 'object' | 'array' | 'string' | 'integer';
  /** In the CRD's (alphabetical) order: the order this model walks them in. */
  properties?: Record<string, SchemaNode>;
  additionalProperties?: SchemaNode;
  required?: readonly string[];
  items?: SchemaNode;
  enum?: readonly string[];
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
  maxLength?: number;
  minProperties?: number;
  rules?: readonly CelRule[];
}

/** CEL's `isCIDR`/`cidr()`: Go's netip.ParsePrefix, so host bits are allowed; no zones, no IPv4-mapped IPv6. */
export function celCidr(text: unknown): { family: IpFamily; prefixLength: number } | undefined {
  if (typeof text !== 'string') return undefined;
  const parsed = parseCidrAddress(text);
  if (!parsed || (parsed.family === 6 && parsed.address >> 32n === 0xffffn)) return undefined;
  return parsed;
}

export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const aKeys = Object.keys(a);
  const bMap = b as JsonMap;
  if (aKeys.length !== Object.keys(b).length) return false;
  return aKeys.every((key) => key in bMap && jsonEqual((a as JsonMap)[key], bMap[key]));
}

const field = (self: unknown, key: string): unknown => (self as JsonMap)[key];
const has = (self: unknown, key: string): boolean => field(self, key) !== undefined;
const ipamMode = (self: unknown): unknown => (has(self, 'ipam') ? field(field(self, 'ipam'), 'mode') : undefined);

// world.md W-2.1 names these per-field immutability rules (upstream has them since 2025-12, 3a242db4a);
// the OpenShift 4.18/4.19-era CRD instead had one `Spec is immutable` (UDN) / `Network spec is immutable` rule.
// world.md wins.
const immutable = (message: string): CelRule => ({ message, transition: true, holds: (self, old) => jsonEqual(self, old) });

/** `has(self.topology) && self.topology == 'X' ? has(self.x) : !has(self.x)`, on spec (UDN) or spec.network (CUDN). */
function topologyNeeds(key: string, topology: string): CelRule {
  return {
    message: `spec.${key} is required when topology is ${topology} and forbidden otherwise`,
    holds: (self) => (field(self, 'topology') === topology ? has(self, key) : !has(self, key)),
  };
}

/** `size(self) != 2 || !isCIDR(a) || !isCIDR(b) || family(a) != family(b)`. */
function differentFamilies(cidrOf: (item: unknown) => unknown): CelRule {
  return {
    message: 'When 2 CIDRs are set, they must be from different IP families',
    holds: (self) => {
      const items = self as unknown[];
      if (items.length !== 2) return true;
      const [a, b] = [celCidr(cidrOf(items[0])), celCidr(cidrOf(items[1]))];
      return !a || !b || a.family !== b.family;
    },
  };
}

/** CEL's `exists_one`: exactly one IPv6 subnet needs the MTU; two (refused elsewhere) slip through, as upstream. */
function mtuForIpv6(message: string, cidrOf: (item: unknown) => unknown): CelRule {
  return {
    message,
    holds: (self) => {
      if (!has(self, 'subnets') || !has(self, 'mtu')) return true;
      const ipv6Count = (field(self, 'subnets') as unknown[]).filter((item) => celCidr(cidrOf(item))?.family === 6).length;
      return ipv6Count !== 1 || (field(self, 'mtu') as number) >= 1280;
    },
  };
}

// world.md keeps the upstream typo "subent" (CRDs until 2025-01-28, 6d68ba409), as the 4.18-era clusters print it.
const MTU_IPV6 = 'MTU should be greater than or equal to 1280 when IPv6 subent is used';

const joinSubnetsOnlyPrimary: CelRule = {
  message: 'JoinSubnets is only supported for Primary network',
  holds: (self) => !has(self, 'joinSubnets') || field(self, 'role') === 'Primary',
};

const cidrString: SchemaNode = { type: 'string', maxLength: 43, rules: [{ message: 'CIDR is invalid', holds: (self) => celCidr(self) !== undefined }] };

function dualStackCidrs(fieldRules: CelRule[] = []): SchemaNode {
  return { type: 'array', items: cidrString, minItems: 1, maxItems: 2, rules: [...fieldRules, differentFamilies((item) => item)] };
}

const mtu = (fieldRules: CelRule[] = []): SchemaNode => ({ type: 'integer', minimum: 576, maximum: 65536, rules: fieldRules });
const role = (fieldRules: CelRule[] = []): SchemaNode => ({ type: 'string', enum: ['Primary', 'Secondary'], rules: fieldRules });

const ipam: SchemaNode = {
  type: 'object',
  minProperties: 1,
  properties: { lifecycle: { type: 'string', enum: ['Persistent'] }, mode: { type: 'string', enum: ['Enabled', 'Disabled'] } },
  rules: [
    {
      message: 'lifecycle Persistent is only supported when ipam.mode is Enabled',
      holds: (self) => field(self, 'lifecycle') !== 'Persistent' || !has(self, 'mode') || field(self, 'mode') === 'Enabled',
    },
  ],
};

const layer3Subnet: SchemaNode = {
  type: 'object',
  required: ['cidr'],
  properties: { cidr: cidrString, hostSubnet: { type: 'integer', minimum: 1, maximum: 127 } },
  rules: [
    {
      message: 'HostSubnet must be smaller than CIDR subnet',
      holds: (self) => {
        const cidr = celCidr(field(self, 'cidr'));
        return !has(self, 'hostSubnet') || !cidr || (field(self, 'hostSubnet') as number) > cidr.prefixLength;
      },
    },
    {
      message: 'HostSubnet must < 32 for ipv4 CIDR',
      holds: (self) => !has(self, 'hostSubnet') || celCidr(field(self, 'cidr'))?.family !== 4 || (field(self, 'hostSubnet') as number) < 32,
    },
  ],
};

const layer3: SchemaNode = {
  type: 'object',
  required: ['role', 'subnets'],
  properties: {
    joinSubnets: dualStackCidrs([immutable('joinSubnets is immutable')]),
    mtu: mtu([immutable('mtu is immutable')]),
    role: role([immutable('role is immutable')]),
    subnets: { type: 'array', items: layer3Subnet, minItems: 1, maxItems: 2, rules: [differentFamilies((item) => field(item, 'cidr'))] },
  },
  rules: [joinSubnetsOnlyPrimary, mtuForIpv6(MTU_IPV6, (item) => field(item, 'cidr'))],
};

const layer2: SchemaNode = {
  type: 'object',
  required: ['role'],
  properties: { ipam, joinSubnets: dualStackCidrs(), mtu: mtu(), role: role(), subnets: dualStackCidrs() },
  rules: [
    immutable('Layer2 is immutable'),
    {
      message: 'Subnets is required with ipam.mode is Enabled or unset',
      holds: (self) => (ipamMode(self) !== undefined && ipamMode(self) !== 'Enabled') || has(self, 'subnets'),
    },
    {
      message: 'Subnets must be unset when ipam.mode is Disabled',
      holds: (self) => ipamMode(self) !== 'Disabled' || !has(self, 'subnets'),
    },
    {
      message: 'Disabled ipam.mode is only supported for Secondary network',
      holds: (self) => ipamMode(self) !== 'Disabled' || field(self, 'role') === 'Secondary',
    },
    joinSubnetsOnlyPrimary,
    mtuForIpv6(MTU_IPV6, (item) => item),
  ],
};

/** CUDN only, secondary only; its VLAN and excludeSubnets fields are not modelled. */
const localnet: SchemaNode = {
  type: 'object',
  required: ['physicalNetworkName', 'role'],
  properties: {
    ipam,
    mtu: mtu(),
    physicalNetworkName: { type: 'string', rules: [{ message: 'physicalNetworkName cannot contain `,` or `:` characters', holds: (self) => /^[^,:]+$/.test(self as string) }] },
    role: { type: 'string', enum: ['Secondary'] },
    subnets: dualStackCidrs(),
  },
  rules: [
    {
      message: 'Subnets is required with ipam.mode is Enabled or unset, and forbidden otherwise',
      holds: (self) => (ipamMode(self) === undefined || ipamMode(self) === 'Enabled' ? has(self, 'subnets') : !has(self, 'subnets')),
    },
    mtuForIpv6('MTU should be greater than or equal to 1280 when an IPv6 subnet is used', (item) => item),
  ],
};

const topology = (values: string[]): SchemaNode => ({ type: 'string', enum: values, rules: [immutable('Topology is immutable')] });

const udnSpec: SchemaNode = {
  type: 'object',
  required: ['topology'],
  properties: { layer2, layer3, topology: topology(['Layer2', 'Layer3']) },
  rules: [topologyNeeds('layer3', 'Layer3'), topologyNeeds('layer2', 'Layer2')],
};

const cudnNetwork: SchemaNode = {
  type: 'object',
  required: ['topology'],
  properties: { layer2, layer3, localnet, topology: topology(['Layer2', 'Layer3', 'Localnet']) },
  rules: [topologyNeeds('layer3', 'Layer3'), topologyNeeds('layer2', 'Layer2'), topologyNeeds('localnet', 'Localnet')],
};

const plainString: SchemaNode = { type: 'string' };

/** metav1.LabelSelector as controller-gen renders it: operators are not an enum (the controller rejects bad ones). */
const labelSelector: SchemaNode = {
  type: 'object',
  properties: {
    matchExpressions: {
      type: 'array',
      items: { type: 'object', required: ['key', 'operator'], properties: { key: plainString, operator: plainString, values: { type: 'array', items: plainString } } },
    },
    matchLabels: { type: 'object', additionalProperties: plainString },
  },
};

/** The whole object's schema by kind (metadata is the API server's own business, not the CRD's). */
export const NETWORK_SCHEMAS: Readonly<Record<string, SchemaNode>> = {
  UserDefinedNetwork: { type: 'object', required: ['spec'], properties: { spec: udnSpec } },
  ClusterUserDefinedNetwork: {
    type: 'object',
    required: ['spec'],
    properties: { spec: { type: 'object', required: ['namespaceSelector', 'network'], properties: { namespaceSelector: labelSelector, network: cudnNetwork } } },
  },
};
