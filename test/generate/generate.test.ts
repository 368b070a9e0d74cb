// `sim generate` (issue #5): valid, deterministic scenarios whose results match the same cluster
// written by hand, and the address invariant on every scenario we ship.
import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { generateScenario } from '../../sim/generate/generate.js';
import { PRESETS, checkParams } from '../../sim/generate/params.js';
import { checkAddressesUnique } from '../../sim/run/invariants.js';
import { checkProbeCommands, runScenario, type RunResult } from '../../sim/run/run-scenario.js';
import { loadScenario } from '../../sim/scenario/load-scenario.js';

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
