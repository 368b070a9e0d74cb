// Where each istiod setting came from: `--set` on the command line, the scenario's istiod: block, the
// Istio CR's pilot image and env, or the default — in the text report, the JSON and sim compare's header.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compareCommand, runCommand, type Io } from '../../sim/cli/main.js';
import type { IstiodBehaviour } from '../../models/istio/istiod-build.js';
import { istiodSettingsSource } from '../../sim/run/settings-source.js';

function run(file: string, sets: string[] = [], output: 'text' | 'json' = 'text', command = runCommand) {
  let stdout = '';
  const io: Io = { stdout: (t) => (stdout += t), stderr: () => {}, readFile: (p) => readFileSync(p, 'utf8') };
  const code = command(file, sets, output, io);
  return { code, stdout };
}

const sourcesOf = (file: string, sets: string[] = []) => (JSON.parse(run(file, sets, 'json').stdout) as { settingsSource: unknown }).settingsSource;

const behaviour = (ambient: IstiodBehaviour['origins']['ambientAddressSource'], label: IstiodBehaviour['origins']['endpointSliceServiceLabel']): IstiodBehaviour => ({
  ambientAddressSource: 'ovn-pod-networks',
  endpointSliceServiceLabel: 'k8s.ovn.org/service-name',
  reasons: [],
  origins: { ambientAddressSource: ambient, endpointSliceServiceLabel: label },
});

describe('istiodSettingsSource', () => {
  it('keeps the Istio CR and the default as the model found them', () => {
    expect(istiodSettingsSource([], behaviour('default', 'Istio CR'))).toEqual({ 'istiod.ambientAddressSource': 'default', 'istiod.endpointSliceServiceLabel': 'Istio CR' });
  });

  it("credits an override to the scenario's istiod: block unless --set wrote that very field", () => {
    expect(istiodSettingsSource([], behaviour('override', 'override'))).toEqual({ 'istiod.ambientAddressSource': 'scenario', 'istiod.endpointSliceServiceLabel': 'scenario' });
    const sets = [{ path: 'istiod.ambientAddressSource', value: 'ovn-pod-networks' }];
    expect(istiodSettingsSource(sets, behaviour('override', 'override'))).toEqual({ 'istiod.ambientAddressSource': '--set', 'istiod.endpointSliceServiceLabel': 'scenario' });
  });

  it('credits --set istiod={…} for the fields its map holds', () => {
    const sets = [{ path: 'istiod', value: { endpointSliceServiceLabel: 'k8s.ovn.org/service-name' } }];
    expect(istiodSettingsSource(sets, behaviour('default', 'override'))).toEqual({ 'istiod.ambientAddressSource': 'default', 'istiod.endpointSliceServiceLabel': '--set' });
  });

  it('does not credit --set for a field it wrote that no override keeps (a later --set istiod={} removed it)', () => {
    const sets = [
      { path: 'istiod.ambientAddressSource', value: 'ovn-pod-networks' },
      { path: 'istiod', value: {} },
    ];
    expect(istiodSettingsSource(sets, behaviour('default', 'Istio CR'))['istiod.ambientAddressSource']).toBe('default');
  });
});

describe('sim run says where each setting came from', () => {
  it.each([
    ['the default and the Istio CR', 'scenarios/l3-cudn.yaml', [], { ambient: 'default', label: 'Istio CR' }, ['ambientAddressSource=status-pod-ips (the default, as upstream istiod)', "endpointSliceServiceLabel=k8s.ovn.org/service-name (the Istio CR's pilot image and env)"]],
    ['the Istio CR for both (the ambient fork)', 'scenarios/l3-cudn-fixed.yaml', [], { ambient: 'Istio CR', label: 'Istio CR' }, ["ambientAddressSource=mirrored-slice-first (the Istio CR's pilot image and env)"]],
    ["the scenario's istiod: block", 'scenarios/l3-cudn-ovn-pod-networks.yaml', [], { ambient: 'scenario', label: 'Istio CR' }, ["ambientAddressSource=ovn-pod-networks (the scenario's istiod: block)"]],
    ['--set on the command line', 'scenarios/l3-cudn.yaml', ['istiod.ambientAddressSource=ovn-pod-networks'], { ambient: '--set', label: 'Istio CR' }, ['ambientAddressSource=ovn-pod-networks (--set on the command line)']],
    ['--set over the scenario’s block, for the field it wrote only', 'scenarios/l3-cudn-ovn-pod-networks.yaml', ['istiod.endpointSliceServiceLabel=kubernetes.io/service-name'], { ambient: 'scenario', label: '--set' }, ["ambientAddressSource=ovn-pod-networks (the scenario's istiod: block)", 'endpointSliceServiceLabel=kubernetes.io/service-name (--set on the command line)']],
  ] as const)('%s', (_case, file, sets, sources, lines) => {
    expect(sourcesOf(file, [...sets])).toEqual({ 'istiod.ambientAddressSource': sources.ambient, 'istiod.endpointSliceServiceLabel': sources.label });
    const header = run(file, [...sets]).stdout.split('\n== ')[0]!.split('\n');
    for (const line of lines) expect(header).toContain(`  ${line}`);
    expect(header.join('\n')).not.toContain('set by the scenario');
  });
});

describe("sim compare's header", () => {
  it('does not credit --set to the scenario', () => {
    const header = run('scenarios/l3-cudn.yaml', ['istiod.ambientAddressSource=ovn-pod-networks'], 'text', compareCommand).stdout.split('\n')[1];
    expect(header).toBe(
      "* = the istiod of the scenario with its --set overrides: ambientAddressSource=ovn-pod-networks (--set on the command line), endpointSliceServiceLabel=k8s.ovn.org/service-name (the Istio CR's pilot image and env)",
    );
  });

  it("calls the scenario's own istiod its own, with where each setting came from", () => {
    const header = run('scenarios/l3-cudn-ovn-pod-networks.yaml', [], 'text', compareCommand).stdout.split('\n')[1];
    expect(header).toBe(
      "* = the scenario's own istiod: ambientAddressSource=ovn-pod-networks (the scenario's istiod: block), endpointSliceServiceLabel=k8s.ovn.org/service-name (the Istio CR's pilot image and env)",
    );
  });
});
