// `sim generate` (issue #5): valid, deterministic scenarios whose results match the same cluster
// written by hand, and the address invariant on every scenario we ship.
import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { generateScenario } from '../../sim/generate/generate.js';
import { PRESETS, capacityWarnings, checkParams, type GenerateParams } from '../../sim/generate/params.js';
import { checkAddressesUnique } from '../../sim/run/invariants.js';
import { checkProbeCommands, runScenario, type RunResult } from '../../sim/run/run-scenario.js';
import { loadScenario } from '../../sim/scenario/load-scenario.js';
import { main } from '../../sim/cli/main.js';

function runText(text: string, file = 's.yaml'): RunResult {
  const loaded = loadScenario(file, [], (p) => (p === file ? text : readFileSync(p, 'utf8')));
  if (!loaded.ok) throw new Error(loaded.problems.map((p) => p.message).join('; '));
  return runScenario(loaded.scenario, checkProbeCommands(loaded.scenario).requests);
}

const tiny = { ...PRESETS['small']!, namespaces: 1, deploymentsPerNamespace: 2, replicas: 1, udnShare: 1, ambientShare: 1, sidecarShare: 0, probes: 1, nodes: 2 };

const handWritten = `apiVersion: udnsim/v1alpha1
kind: Scenario
metadata:
  name: generated-small
seed: 1
cluster:
  nodes: 2
apply:
  - objects:
      - apiVersion: v1
        kind: Namespace
        metadata:
          name: istio-system
          labels: {k8s.ovn.org/primary-user-defined-network: "", udnsim.io/network: net-0}
      - apiVersion: v1
        kind: Namespace
        metadata:
          name: istio-cni
          labels: {k8s.ovn.org/primary-user-defined-network: "", udnsim.io/network: net-0}
      - apiVersion: v1
        kind: Namespace
        metadata:
          name: ztunnel
          labels: {k8s.ovn.org/primary-user-defined-network: "", udnsim.io/network: net-0}
      - apiVersion: v1
        kind: Namespace
        metadata:
          name: app-0000
          labels: {k8s.ovn.org/primary-user-defined-network: "", udnsim.io/network: net-0, istio.io/dataplane-mode: ambient}
      - apiVersion: k8s.ovn.org/v1
        kind: ClusterUserDefinedNetwork
        metadata:
          name: net-0
        spec:
          namespaceSelector:
            matchLabels: {udnsim.io/network: net-0}
          network:
            topology: Layer3
            layer3:
              role: Primary
              subnets:
                - cidr: 3.3.0.0/16
                  hostSubnet: 24
      - apiVersion: sailoperator.io/v1
        kind: IstioCNI
        metadata:
          name: default
        spec:
          profile: ambient
          version: v1.28.1
          namespace: istio-cni
      - apiVersion: sailoperator.io/v1
        kind: ZTunnel
        metadata:
          name: default
        spec:
          version: v1.28.1
          namespace: ztunnel
      - apiVersion: sailoperator.io/v1
        kind: Istio
        metadata:
          name: default
        spec:
          version: v1.28.1
          namespace: istio-system
          profile: ambient
          values:
            pilot:
              trustedZtunnelNamespace: ztunnel
              podAnnotations:
                k8s.ovn.org/open-default-ports: |
                  - protocol: tcp
                    port: 15017
                  - protocol: tcp
                    port: 15012
  - namespace: app-0000
    at: 30s
    objects:
      - apiVersion: v1
        kind: Service
        metadata:
          name: client
        spec:
          selector:
            app: client
          ports:
            - name: http
              port: 8000
              targetPort: 8000
      - apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: client
        spec:
          replicas: 1
          selector:
            matchLabels:
              app: client
          template:
            metadata:
              labels:
                app: client
            spec:
              containers:
                - name: curl
                  image: curlimages/curl
                  command: [/bin/sleep, infinity]
      - apiVersion: v1
        kind: Service
        metadata:
          name: svc-001
        spec:
          selector:
            app: svc-001
          ports:
            - name: http
              port: 8000
              targetPort: 8000
      - apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: svc-001
        spec:
          replicas: 1
          selector:
            matchLabels:
              app: svc-001
          template:
            metadata:
              labels:
                app: svc-001
            spec:
              containers:
                - name: httpbin
                  image: quay.io/sridhargaddam/kong/httpbin:latest
                  command: [gunicorn, -b, "[::]:8000", httpbin:app, -k, gevent]
                  ports:
                    - containerPort: 8000
probes:
  - name: p0000-app-0000-to-app-0000-svc-001
    exec:
      namespace: app-0000
      target: deploy/client
      command: curl -s --max-time 5 svc-001.app-0000.svc.cluster.local:8000/get
`;

describe('sim generate', () => {
  it.each(Object.keys(PRESETS))('writes a valid scenario for preset %s', (preset) => {
    const loaded = loadScenario('s.yaml', [], () => generateScenario(PRESETS[preset]!));
    expect(loaded.ok ? [] : loaded.problems.map((p) => p.message)).toEqual([]);
    expect(checkParams(PRESETS[preset]!)).toEqual([]);
  });

  it('is deterministic for a seed and differs for another', () => {
    const params = PRESETS['small']!;
    expect(generateScenario(params)).toBe(generateScenario(params));
    expect(generateScenario({ ...params, seed: 2 })).not.toBe(generateScenario(params));
  });

  it('gives the same results as the same cluster written by hand', () => {
    const generated = runText(generateScenario(tiny));
    const byHand = runText(handWritten);
    const summary = (r: RunResult) => ({
      pods: r.sim.store.list('Pod').map((p) => [p.metadata.name, p.metadata.annotations?.['k8s.ovn.org/pod-networks']]).sort(),
      probes: r.probes.map((p) => [p.exitCode, p.verdict, p.dialed, p.stdout]),
    });
    expect(summary(generated)).toEqual(summary(byHand));
    expect(generated.probes[0]!.verdict).toBe('unreachable');
  });

  it('refuses parameters it cannot use', () => {
    expect(checkParams({ ...tiny, nodes: 0, udnShare: 2, ambientShare: 0.8, sidecarShare: 0.5 })).toEqual([
      '--nodes must be a positive integer',
      '--udnShare must be between 0 and 1',
      '--ambientShare plus --sidecarShare must not exceed 1',
    ]);
    expect(checkParams({ ...tiny, seed: Number.NaN })).toEqual(['--seed must be an integer']);
  });

  // Found by the fuzzer: these generated for minutes until memory ran out, or crashed.
  it('refuses sizes the scenario loader would refuse, before generating anything (README "Limits")', () => {
    expect(checkParams({ ...tiny, probes: 4294967296 })).toEqual(["--probes: 4294967296 probes is more than the simulator's limit of 10000 probes"]);
    expect(checkParams({ ...tiny, nodes: 1e6 })[0]).toMatch(/^--nodes: 1000000 nodes is more than the simulator's limit of 5000 nodes/);
    expect(checkParams({ ...tiny, namespaces: 1e308 }).join('\n')).toMatch(/more than the simulator's limit of 150000 pods/);
    expect(checkParams({ ...tiny, networks: 4294967296 })).toEqual(["--networks: 4294967296 ClusterUserDefinedNetworks is more than the simulator's limit of 200000 objects"]);
  });

  it('refuses a network the ClusterUserDefinedNetwork validation would refuse', () => {
    expect(checkParams({ ...tiny, cidr: '3.3.0.0/33' })).toEqual(['--cidr must be a CIDR such as 3.3.0.0/16, not "3.3.0.0/33"']);
    const hostSubnet = (cidr: string, prefix: number) => checkParams({ ...tiny, topology: 'Layer3', cidr, hostSubnet: prefix });
    expect(hostSubnet('3.3.0.0/16', 16)).toEqual(["--hostSubnet must be a prefix length longer than the CIDR's /16 and at most /31 for IPv4, not 16"]);
    expect(hostSubnet('3.3.0.0/16', 32)).toHaveLength(1);
    expect(hostSubnet('3.3.0.0/16', 17)).toEqual([]);
    expect(hostSubnet('3.3.0.0/16', 31)).toEqual([]);
    expect(hostSubnet('fd00::/48', 64)).toEqual([]);
    expect(hostSubnet('fd00::/48', 128)).toHaveLength(1);
    // OVN-K refuses IPv6 host subnets other than /64 (found by the fuzzer: --cidr ::/0 threw).
    expect(hostSubnet('fd00::/48', 56)).toEqual(['--hostSubnet must be 64 for an IPv6 CIDR (OVN-K: IPv6 only supports /64 host subnets), not 56']);
    // Layer2 has no host subnets: the flag is not read.
    expect(checkParams({ ...tiny, topology: 'Layer2', cidr: '3.3.0.0/16', hostSubnet: 8 })).toEqual([]);
    // What it refuses, the CUDN's own validation refuses too; what it accepts, admission accepts.
    const refused = (p: GenerateParams) => runText(generateScenario(p)).refusals.map((r) => r.message);
    expect(refused({ ...tiny, topology: 'Layer3', cidr: '3.3.0.0/16', hostSubnet: 16 })).toHaveLength(1);
    expect(refused({ ...tiny, topology: 'Layer3', cidr: '3.3.0.0/16', hostSubnet: 31 })).toEqual([]);
  });

  it('warns when the cluster outgrows its subnets, and is quiet for the presets', () => {
    for (const preset of Object.values(PRESETS)) expect(capacityWarnings(preset)).toEqual([]);
    const seedLimit = PRESETS['seed-limit']!;
    expect(capacityWarnings({ ...seedLimit, nodes: 300 })).toEqual([
      '300 nodes, but 3.3.0.0/16 holds 256 /24 host subnets: 44 nodes get none, and pods of the UDN namespaces scheduled there never start (W-2.3)',
    ]);
    // 250 namespaces × 20 × 11 pods over 250 nodes, and the two mesh agents: 222 against 252 fits; × 13: 262 does not.
    expect(capacityWarnings({ ...seedLimit, replicas: 11 })).toEqual([]);
    expect(capacityWarnings({ ...seedLimit, replicas: 13 })).toEqual([
      'about 262 pods per node on a network, but a /24 host subnet has addresses for 252: the rest stay without an address (W-2.4)',
    ]);
    // Spread over two networks, each node's subnet of each holds half.
    expect(capacityWarnings({ ...seedLimit, replicas: 13, networks: 2 })).toEqual([]);
    expect(capacityWarnings({ ...seedLimit, topology: 'Layer2', cidr: '3.3.0.0/20' })).toEqual([
      'about 50500 pods on a network, but 3.3.0.0/20 has addresses for 4092: the rest stay without an address (W-2.4)',
    ]);
    expect(capacityWarnings({ ...tiny, nodes: 513 }).filter((w) => w.includes('default network'))).toEqual([
      '513 nodes, but the default network 10.128.0.0/14 holds 512 /23 host subnets: 1 nodes get none (W-2.3)',
    ]);
  });

  it('warns rightly: past its count of pod addresses, pods of a generated cluster stay without one', () => {
    // Three nodes, two UDN namespaces of 3 × 3 pods: 6 a node and the two mesh agents, in a /29 (4 addresses).
    const params: GenerateParams = { ...PRESETS['small']!, hostSubnet: 29, replicas: 3 };
    expect(capacityWarnings(params)).toEqual(['about 8 pods per node on a network, but a /29 host subnet has addresses for 4: the rest stay without an address (W-2.4)']);
    const full = runText(generateScenario(params)).sim.logs.filter((l) => /range is full/.test(l.message));
    expect(full.length).toBeGreaterThan(0);
    const roomy = runText(generateScenario({ ...params, hostSubnet: 28 })).sim.logs.filter((l) => /range is full/.test(l.message));
    expect(capacityWarnings({ ...params, hostSubnet: 28 })).toEqual([]);
    expect(roomy).toEqual([]);
  });
});

describe('the address invariant', () => {
  it.each(readdirSync('scenarios').filter((f) => f.endsWith('.yaml')))('holds no address twice on one network in %s', (file) => {
    expect(checkAddressesUnique(runText(readFileSync(`scenarios/${file}`, 'utf8'), `scenarios/${file}`).sim.store)).toEqual([]);
  });

  it('holds on a generated cluster with several networks sharing one CIDR', () => {
    const result = runText(generateScenario({ ...PRESETS['small']!, namespaces: 8, networks: 3, udnShare: 1, replicas: 3 }));
    expect(checkAddressesUnique(result.sim.store)).toEqual([]);
  });
});

describe('sim generate on the command line', () => {
  const generate = async (...args: string[]) => {
    let stdout = '';
    let stderr = '';
    const code = await main(['generate', '--quiet', ...args], { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), readFile: () => '' });
    return { code, stdout, stderr };
  };

  it('names the flag it refuses and writes nothing (exit 2)', async () => {
    const out = await generate('--cidr', '3.3.0.0/33', '--seed', 'x');
    expect(out).toEqual({ code: 2, stdout: '', stderr: 'sim generate: --seed must be an integer\nsim generate: --cidr must be a CIDR such as 3.3.0.0/16, not "3.3.0.0/33"\n' });
  });

  it('warns on stderr and still writes the scenario past a limit (exit 0)', async () => {
    const out = await generate('--preset', 'seed-limit', '--nodes', '300');
    expect(out.code).toBe(0);
    expect(out.stderr).toBe('sim generate: warning: 300 nodes, but 3.3.0.0/16 holds 256 /24 host subnets: 44 nodes get none, and pods of the UDN namespaces scheduled there never start (W-2.3)\n');
    expect(out.stdout).toBe(generateScenario({ ...PRESETS['seed-limit']!, nodes: 300 }));
  });
});
