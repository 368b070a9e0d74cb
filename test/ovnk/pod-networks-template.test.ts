import { describe, expect, it } from 'vitest';
import {
  buildDefaultEntry,
  buildLayer2PrimaryEntry,
  buildLayer3PrimaryEntry,
  formatPodNetworks,
  parsePodNetworks,
  parsePodNetworksUncached,
  type PodNetworkEntry,
} from '../../models/ovnk/pod-annotations.js';
import { PodNetworksTemplate } from '../../models/ovnk/pod-networks-template.js';
import { POD_NETWORKS_ANNOTATION } from '../../models/ovnk/types.js';
import type { Pod } from '../../models/kube/types.js';
import { generateScenario } from '../../sim/generate/generate.js';
import { PRESETS } from '../../sim/generate/params.js';
import { checkProbeCommands, runScenario } from '../../sim/run/run-scenario.js';
import { loadScenario } from '../../sim/scenario/load-scenario.js';

const cluster = { clusterSubnets: ['10.128.0.0/14'], serviceCidrs: ['172.30.0.0/16'], masqueradeSubnets: ['169.254.0.0/17'] };

/** The entries the allocator builds for a pod of the namespace: default network, maybe a Layer3 primary UDN. */
function entriesOf(ns: string | undefined, defaultIp: string, udnIp?: string, joinSubnets?: string[]): Record<string, PodNetworkEntry> {
  const entries: Record<string, PodNetworkEntry> = { default: buildDefaultEntry({ ...cluster, podIps: [defaultIp], onPrimaryUdn: ns !== undefined }) };
  if (ns !== undefined && udnIp) entries[`${ns}/blue-net`] = buildLayer3PrimaryEntry({ podIps: [udnIp], clusterSubnets: ['3.3.0.0/16'], serviceCidrs: cluster.serviceCidrs, ...(joinSubnets ? { joinSubnets } : {}) });
  return entries;
}

// Namespaces whose NAD key sorts before and after "default", and one that needs no escaping at all.
const SHAPES: Record<string, { first: string | undefined; later: string[] }> = {
  'default network only': { first: undefined, later: [] },
  'CUDN, keys before "default"': { first: 'alpha', later: ['bravo', 'a1', 'charlie-0'] },
  'CUDN, keys after "default"': { first: 'tenant-000', later: ['tenant-001', 'zulu', 'default-x'] },
};

describe('pod-networks templates give what the formatter writes and parsing gives', () => {
  it.each(Object.keys(SHAPES))('%s', (shape) => {
    const { first, later } = SHAPES[shape]!;
    const udn = first !== undefined;
    const template = PodNetworksTemplate.from(entriesOf(first, '10.129.2.3/23', udn ? '3.3.1.3/24' : undefined));
    expect(template).toBeDefined();
    const namespaces = udn ? [first, ...later] : [undefined];
    let checked = 0;
    for (const ns of namespaces) {
      for (let host = 4; host < 260; host += 37) {
        const defaultIp = `10.129.${2 + (host >> 8)}.${host & 255}/23`;
        const udnIp = `3.3.1.${host & 255}/24`;
        const entries = entriesOf(ns, defaultIp, udn ? udnIp : undefined);
        const keys = Object.keys(entries);
        if (!template!.fits(keys)) continue;
        const text = template!.format(keys, udn ? [defaultIp, udnIp] : [defaultIp]);
        expect(text).toBe(formatPodNetworks(entries));
        // What the template remembered for the text is what parsing it gives, key order included.
        expect(JSON.stringify(parsePodNetworks(text))).toBe(JSON.stringify(parsePodNetworksUncached(text)));
        expect(parsePodNetworks(text)).toStrictEqual(parsePodNetworksUncached(text));
        checked++;
      }
    }
    // Keys that sort the other way round do not fit (the allocator makes a second template for them).
    expect(checked).toBe(udn ? 7 * (1 + later.filter((ns) => (`${ns}/blue-net` < 'default') === (`${first}/blue-net` < 'default')).length) : 7);
  });

  it('refuses keys that sort the other way and values that do not match the keys', () => {
    const template = PodNetworksTemplate.from(entriesOf('alpha', '10.129.2.3/23', '3.3.1.3/24'))!;
    expect(template.fits(['default', 'zulu/blue-net'])).toBe(false);
    expect(() => template.format(['default', 'zulu/blue-net'], ['10.129.2.4/23', '3.3.1.4/24'])).toThrow(/does not fit/);
    expect(() => template.format(['default', 'bravo/blue-net'], ['10.129.2.4/23'])).toThrow(/does not fit/);
    expect(() => template.format(['default', 'bravo/blue-net'], ['10.129.2.4/23', 'fd00::4/64'])).toThrow(/not an IPv4 address/);
  });

  it('keeps everything but the address, MAC and key: another join subnet is another template', () => {
    const template = PodNetworksTemplate.from(entriesOf('alpha', '10.129.2.3/23', '3.3.1.3/24'))!;
    const entries = entriesOf('bravo', '10.129.2.4/23', '3.3.1.4/24', ['100.99.0.0/16']);
    expect(template.format(Object.keys(entries), ['10.129.2.4/23', '3.3.1.4/24'])).not.toBe(formatPodNetworks(entries));
  });

  it('handles only one IPv4 address per entry and no tunnel id', () => {
    const dual = { default: buildDefaultEntry({ ...cluster, masqueradeSubnets: ['169.254.0.0/17', 'fd69::/112'], podIps: ['10.129.2.3/23', 'fd01:0:0:3::3/64'], onPrimaryUdn: false }) };
    expect(PodNetworksTemplate.from(dual)).toBeUndefined();
    const v6 = { default: buildDefaultEntry({ ...cluster, masqueradeSubnets: ['fd69::/112'], clusterSubnets: ['fd01::/48'], podIps: ['fd01:0:0:3::3/64'], onPrimaryUdn: false }) };
    expect(PodNetworksTemplate.from(v6)).toBeUndefined();
    const layer2 = { ...entriesOf('alpha', '10.129.2.3/23'), 'alpha/l2': buildLayer2PrimaryEntry({ podIps: ['10.200.0.3/16'], serviceCidrs: cluster.serviceCidrs, tunnelId: 7 }) };
    expect(PodNetworksTemplate.from(layer2)).toBeUndefined();
  });
});

describe('the allocator through its templates', () => {
  it('writes, for every pod of a mixed cluster, the text the formatter writes, remembered as parsed', () => {
    const text = generateScenario({ ...PRESETS['small']!, namespaces: 8, networks: 2, udnShare: 0.5, replicas: 4 });
    const loaded = loadScenario('s.yaml', [], () => text);
    if (!loaded.ok) throw new Error(loaded.problems.map((p) => p.message).join('; '));
    const { sim } = runScenario(loaded.scenario, checkProbeCommands(loaded.scenario).requests);
    const annotated = sim.store.list<Pod>('Pod').map((p) => p.metadata.annotations?.[POD_NETWORKS_ANNOTATION]).filter((a): a is string => a !== undefined);
    expect(annotated.length).toBeGreaterThan(60);
    expect(new Set(annotated.map((a) => Object.keys(JSON.parse(a) as object).length))).toEqual(new Set([1, 2]));
    for (const annotation of annotated) {
      const parsed = parsePodNetworksUncached(annotation);
      expect(formatPodNetworks(parsed!)).toBe(annotation);
      expect(JSON.stringify(parsePodNetworks(annotation))).toBe(JSON.stringify(parsed));
    }
  });
});
