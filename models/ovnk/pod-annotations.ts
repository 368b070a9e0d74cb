// OVN-K's `k8s.ovn.org/pod-networks` annotation, W-2.4/W-2.5 (Go json.Marshal of a map: keys sorted,
// one line) with its routes per network role. Multus' `network-status` is in network-status.ts.
import { goString, goStringList, isStringList } from './go-json.js';
import { macForIpv4Number } from './mac.js';
import { DEFAULT_JOIN_SUBNETS, PRIMARY_UDN_JOIN_SUBNETS as UDN_JOIN_SUBNETS } from './types.js';
import { formatIpAddress, formatIpv4, InvalidCidrError, parseCidrAddress, parseIpv4Cidr, type IpFamily, type ParsedCidr } from '../net/cidr.js';

export type PodNetworkRole = 'primary' | 'secondary' | 'infrastructure-locked';

export interface PodRoute {
  dest: string;
  nextHop: string;
}

export interface PodNetworkEntry {
  ip_addresses: string[];
  mac_address: string;
  gateway_ips?: string[];
  routes?: readonly PodRoute[];
  ip_address?: string;
  gateway_ip?: string;
  /** Layer2 primary networks on IPv6 only (router-advertised link-local gateway). */
  ipv6_lla_gateway_ip?: string;
  tunnel_id?: number;
  role: PodNetworkRole;
}

function byteOrder(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The fields Go's json.Marshal writes for an entry, in struct order: `omitempty` drops the empty
 * ones, and ip_addresses (no omitempty) is null when empty. Both the text (formatEntry) and what
 * parsing it gives (readBackPodNetworks) are made from this one list. */
function marshalledFields(entry: PodNetworkEntry): Array<[string, string | number | readonly string[] | readonly PodRoute[] | null]> {
  const fields: Array<[string, string | number | readonly string[] | readonly PodRoute[] | null]> = [
    ['ip_addresses', entry.ip_addresses.length > 0 ? entry.ip_addresses : null],
    ['mac_address', entry.mac_address],
  ];
  if (entry.gateway_ips?.length) fields.push(['gateway_ips', entry.gateway_ips]);
  if (entry.routes?.length) fields.push(['routes', entry.routes]);
  if (entry.ip_address) fields.push(['ip_address', entry.ip_address]);
  if (entry.gateway_ip) fields.push(['gateway_ip', entry.gateway_ip]);
  if (entry.ipv6_lla_gateway_ip) fields.push(['ipv6_lla_gateway_ip', entry.ipv6_lla_gateway_ip]);
  if (entry.tunnel_id) fields.push(['tunnel_id', entry.tunnel_id]);
  if (entry.role) fields.push(['role', entry.role]);
  return fields;
}

function formatEntry(entry: PodNetworkEntry): string {
  const text = marshalledFields(entry).map(([key, value]) => {
    if (value === null) return `"${key}":null`;
    if (typeof value === 'string') return `"${key}":${goString(value)}`;
    if (typeof value === 'number') return `"${key}":${value}`;
    return `"${key}":${key === 'routes' ? formatRoutes(value as readonly PodRoute[]) : goStringList(value as readonly string[])}`;
  });
  return `{${text.join(',')}}`;
}

/** Route lists are shared by every pod of a node (routesFor): each is formatted once. */
const formattedRoutes = new WeakMap<readonly PodRoute[], string>();

function formatRoutes(routes: readonly PodRoute[]): string {
  let text = formattedRoutes.get(routes);
  if (text === undefined) {
    text = `[${routes.map((r) => `{"dest":${goString(r.dest)},"nextHop":${goString(r.nextHop)}}`).join(',')}]`;
    formattedRoutes.set(routes, text);
  }
  return text;
}

/** The `k8s.ovn.org/pod-networks` value: keys (NAD keys) sorted, one line, no spaces. */
export function formatPodNetworks(entries: Record<string, PodNetworkEntry>): string {
  const keys = podNetworkKeys(entries);
  const text = formatPodNetworksText(keys, entries);
  // Every reader (CNI, the mirror, istiod) parses what was just written: remember what parsing it
  // gives, built from the entries instead of the text (a test holds the two equal).
  if (!parsedCache.has(text)) rememberParsed(text, readBackPodNetworks(keys, entries));
  return text;
}

/** The entries' keys in the order the annotation writes them (Go sorts map keys bytewise). */
export function podNetworkKeys(entries: Record<string, PodNetworkEntry>): string[] {
  return Object.keys(entries).sort(byteOrder);
}

/** formatPodNetworks' text alone, with nothing remembered (pod-networks-template.ts cuts it up). */
export function formatPodNetworksText(keys: readonly string[], entries: Record<string, PodNetworkEntry>): string {
  return `{${keys.map((key) => `${goString(key)}:${formatEntry(entries[key] as PodNetworkEntry)}`).join(',')}}`;
}

/** Records what parsing `text` gives, for a writer that built both itself (the template's pods). */
export function rememberPodNetworks(text: string, parsed: Record<string, PodNetworkEntry>): void {
  rememberParsed(text, parsed);
}

/** What parsing formatPodNetworks' text gives, from the entries: the fields formatEntry writes,
 * through the same checks as parsing. */
export function readBackPodNetworks(keys: readonly string[], entries: Record<string, PodNetworkEntry>): Record<string, PodNetworkEntry> | null {
  const parsed: Record<string, PodNetworkEntry> = {};
  for (const key of keys) {
    const read = parseEntry(Object.fromEntries(marshalledFields(entries[key] as PodNetworkEntry)));
    if (read === null) return null;
    parsed[key] = read;
  }
  return parsed;
}

const ROLES: ReadonlySet<string> = new Set(['primary', 'secondary', 'infrastructure-locked']);

function isRouteList(value: unknown): value is PodRoute[] {
  return Array.isArray(value) && value.every((r) => typeof r?.dest === 'string' && typeof r?.nextHop === 'string');
}

function parseEntry(raw: unknown): PodNetworkEntry | null {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return null;
  const r = raw as Record<string, unknown>;
  const ips = r.ip_addresses ?? [];
  if (!isStringList(ips) || typeof r.mac_address !== 'string' || typeof r.role !== 'string' || !ROLES.has(r.role)) return null;
  const entry: PodNetworkEntry = { ip_addresses: ips, mac_address: r.mac_address, role: r.role as PodNetworkRole };
  if (r.gateway_ips !== undefined && r.gateway_ips !== null) {
    if (!isStringList(r.gateway_ips)) return null;
    entry.gateway_ips = r.gateway_ips;
  }
  if (r.routes !== undefined && r.routes !== null) {
    if (!isRouteList(r.routes)) return null;
    entry.routes = r.routes.map((route) => ({ dest: route.dest, nextHop: route.nextHop }));
  }
  for (const key of ['ip_address', 'gateway_ip', 'ipv6_lla_gateway_ip'] as const) {
    if (r[key] === undefined) continue;
    if (typeof r[key] !== 'string') return null;
    entry[key] = r[key];
  }
  if (r.tunnel_id !== undefined) {
    if (!Number.isInteger(r.tunnel_id)) return null;
    entry.tunnel_id = r.tunnel_id as number;
  }
  return entry;
}

/** Reads a `k8s.ovn.org/pod-networks` value; null when it is not valid JSON of that shape. */
export function parsePodNetworks(text: string): Record<string, PodNetworkEntry> | null {
  // The same annotation is read by CNI, the mirror, the address book…: parse each text once.
  // Results are shared between callers, who only read them (the top level is frozen).
  const hit = parsedCache.get(text);
  if (hit !== undefined) return hit;
  return rememberParsed(text, parsePodNetworksUncached(text));
}

function rememberParsed(text: string, parsed: Record<string, PodNetworkEntry> | null): Record<string, PodNetworkEntry> | null {
  if (parsedCache.size >= 100_000) parsedCache.clear();
  const frozen = parsed === null ? null : Object.freeze(parsed);
  parsedCache.set(text, frozen);
  return frozen;
}

const parsedCache = new Map<string, Record<string, PodNetworkEntry> | null>();

/** Parses the text itself, bypassing the cache (tests compare it with readBackPodNetworks). */
export function parsePodNetworksUncached(text: string): Record<string, PodNetworkEntry> | null {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return null;
  const entries: Record<string, PodNetworkEntry> = {};
  for (const [key, value] of Object.entries(raw)) {
    const entry = parseEntry(value);
    if (entry === null) return null;
    entries[key] = entry;
  }
  return entries;
}

// ---- Builders: which gateways and routes each kind of network entry carries (AddRoutesGatewayIP).

interface PodInterface {
  /** The pod's address as written in the annotation (`10.129.2.15/23`). */
  text: string;
  family: IpFamily;
  /** The subnet's first address + 1: the node gateway (Layer3) or the network gateway (Layer2). */
  gateway: string;
  mac: string;
}

function parseOrThrow(text: string): ParsedCidr {
  const parsed = parseCidrAddress(text);
  if (parsed === null) throw new InvalidCidrError(text);
  return parsed;
}

/** Plain-number arithmetic for IPv4 (strict parsing means the text is already canonical). */
function podInterface(text: string): PodInterface {
  const v4 = parseIpv4Cidr(text);
  if (v4 !== null) {
    const network = v4.address - (v4.address % 2 ** (32 - v4.prefixLength));
    return { text, family: 4, gateway: formatIpv4(network + 1), mac: macForIpv4Number(v4.address) };
  }
  const cidr = parseOrThrow(text);
  const address = formatIpAddress(cidr.family, cidr.address);
  const gateway = formatIpAddress(cidr.family, cidr.network + 1n);
  return { text: `${address}/${cidr.prefixLength}`, family: cidr.family, gateway, mac: macForIpv4Number(Number(cidr.address & 0xffffffffn)) };
}

/** Cluster configuration CIDRs are few and read for every pod: parse each once. */
const configCidrs = new Map<string, { cidr: ParsedCidr; canonical: string }>();

function configCidr(text: string): { cidr: ParsedCidr; canonical: string } {
  let hit = configCidrs.get(text);
  if (hit === undefined) {
    const cidr = parseOrThrow(text);
    hit = { cidr, canonical: `${formatIpAddress(cidr.family, cidr.network)}/${cidr.prefixLength}` };
    if (configCidrs.size >= 1024) configCidrs.clear();
    configCidrs.set(text, hit);
  }
  return hit;
}

/** Routes to every CIDR of the interface's family, in the order given, canonicalised as Go prints them. */
function routesTo(cidrs: readonly string[], via: PodInterface): PodRoute[] {
  const routes: PodRoute[] = [];
  for (const text of cidrs) {
    const { cidr, canonical } = configCidr(text);
    if (cidr.family === via.family) routes.push({ dest: canonical, nextHop: via.gateway });
  }
  return routes;
}

/** The service hairpin masquerade address of each family: masquerade subnet base + 5, as a host route. */
function hairpinCidrs(masqueradeSubnets: readonly string[]): string[] {
  return masqueradeSubnets.map((text) => {
    const { cidr } = configCidr(text);
    return `${formatIpAddress(cidr.family, cidr.network + 5n)}/${cidr.family === 4 ? 32 : 128}`;
  });
}

/** Routes depend only on the interfaces' gateways and the destination lists, the same for every pod
 * of a node's subnet: built once per combination, shared (frozen) by the entries. */
const routeLists = new Map<string, readonly PodRoute[]>();

function routesFor(ifaces: readonly PodInterface[], destinations: ReadonlyArray<readonly string[]>): readonly PodRoute[] {
  let key = '';
  for (const via of ifaces) key += `${via.gateway}|`;
  for (const cidrs of destinations) key += `${cidrs.join(',')};`;
  let routes = routeLists.get(key);
  if (routes === undefined) {
    routes = Object.freeze(ifaces.flatMap((via) => destinations.flatMap((cidrs) => routesTo(cidrs, via)).map((r) => Object.freeze(r))));
    if (routeLists.size >= 10_000) routeLists.clear();
    routeLists.set(key, routes);
  }
  return routes;
}

/**
 * Per pod address (one per family, in order): routes to each destination list's CIDRs of that
 * family via the subnet's .1, which is also the gateway when the network carries the default route.
 */
function buildEntry(podIps: readonly string[], role: PodNetworkRole, destinations: ReadonlyArray<readonly string[]>, withGateways: boolean, mac?: string): PodNetworkEntry {
  const ifaces = podIps.map(podInterface);
  const first = ifaces[0];
  const macAddress = first?.mac ?? mac;
  if (macAddress === undefined) throw new Error(`a ${role} pod network entry without IPs needs a MAC address`);
  const routes = routesFor(ifaces, destinations);
  const gateways = withGateways ? ifaces.map((i) => i.gateway) : [];
  const entry: PodNetworkEntry = { ip_addresses: ifaces.map((i) => i.text), mac_address: macAddress, role };
  if (gateways.length > 0) entry.gateway_ips = gateways;
  if (routes.length > 0) entry.routes = routes;
  if (first !== undefined && ifaces.length === 1) {
    entry.ip_address = first.text;
    if (gateways.length === 1) entry.gateway_ip = gateways[0];
  }
  return entry;
}

export interface DefaultEntryInput {
  /** One address per family with the node subnet's prefix, e.g. `10.129.2.15/23`. */
  podIps: string[];
  clusterSubnets: string[];
  serviceCidrs: string[];
  /** e.g. `169.254.0.0/17` (hairpin 169.254.0.5) or `169.254.169.0/29` (169.254.169.5). */
  masqueradeSubnets: string[];
  joinSubnets?: string[];
  /** A pod in a primary-UDN namespace: the default network is only its infrastructure-locked eth0. */
  onPrimaryUdn: boolean;
}

/** The `default` entry: primary (gateway, cluster, service, hairpin, join) or infrastructure-locked. */
export function buildDefaultEntry(input: DefaultEntryInput): PodNetworkEntry {
  const join = input.joinSubnets ?? DEFAULT_JOIN_SUBNETS;
  if (input.onPrimaryUdn) return buildEntry(input.podIps, 'infrastructure-locked', [input.clusterSubnets, join], false);
  const destinations = [input.clusterSubnets, input.serviceCidrs, hairpinCidrs(input.masqueradeSubnets), join];
  return buildEntry(input.podIps, 'primary', destinations, true);
}

export interface Layer3PrimaryEntryInput {
  podIps: string[];
  /** The UDN's own cluster subnets (e.g. `10.200.0.0/16`). */
  clusterSubnets: string[];
  serviceCidrs: string[];
  joinSubnets?: string[];
}

/** A Layer3 primary UDN: gateway .1 of the node's UDN subnet; routes UDN subnets, services, join. */
export function buildLayer3PrimaryEntry(input: Layer3PrimaryEntryInput): PodNetworkEntry {
  const destinations = [input.clusterSubnets, input.serviceCidrs, input.joinSubnets ?? UDN_JOIN_SUBNETS];
  return buildEntry(input.podIps, 'primary', destinations, true);
}

export interface Layer2PrimaryEntryInput {
  podIps: string[];
  serviceCidrs: string[];
  joinSubnets?: string[];
  tunnelId: number;
  ipv6LlaGatewayIp?: string;
}

/** A Layer2 primary UDN: gateway .1 of the network subnet; routes services and join; a tunnel id. */
export function buildLayer2PrimaryEntry(input: Layer2PrimaryEntryInput): PodNetworkEntry {
  const entry = buildEntry(input.podIps, 'primary', [input.serviceCidrs, input.joinSubnets ?? UDN_JOIN_SUBNETS], true);
  if (input.ipv6LlaGatewayIp) entry.ipv6_lla_gateway_ip = input.ipv6LlaGatewayIp;
  if (input.tunnelId) entry.tunnel_id = input.tunnelId;
  return entry;
}

export interface SecondaryEntryInput {
  topology: 'Layer3' | 'Layer2' | 'Localnet';
  podIps: string[];
  /** Layer3 only: the network's cluster subnets, routed via the node subnet's .1. */
  clusterSubnets?: string[];
  /** Layer2 only (interconnect mode). */
  tunnelId?: number;
  /** Only for a network without IPAM (no pod IPs): OVN-K then picks a random MAC, passed in here. */
  macAddress?: string;
}

/** A secondary network: no gateway; Layer3 gets a route to its cluster subnets, the others none. */
export function buildSecondaryEntry(input: SecondaryEntryInput): PodNetworkEntry {
  const destinations = input.topology === 'Layer3' ? [input.clusterSubnets ?? []] : [];
  const entry = buildEntry(input.podIps, 'secondary', destinations, false, input.macAddress);
  if (input.topology === 'Layer2' && input.tunnelId) entry.tunnel_id = input.tunnelId;
  return entry;
}
