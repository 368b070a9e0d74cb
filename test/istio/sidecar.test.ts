// Sidecar mode on the mixed cluster (W-5.6): injection, EDS by service label, Envoy's 503s, and the
// injection webhook that the API server cannot reach on a UDN without open-default-ports (R7).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { KubeEvent, Pod } from '../../models/kube/types.js';
import { loadScenario } from '../../sim/scenario/load-scenario.js';
import { checkProbeCommands, runScenario, type RunResult } from '../../sim/run/run-scenario.js';

function run(file: string, sets: string[] = [], files: Record<string, string> = {}): RunResult {
  const loaded = loadScenario(file, sets, (p) => files[p] ?? readFileSync(p, 'utf8'));
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems));
  return runScenario(loaded.scenario, checkProbeCommands(loaded.scenario).requests);
}

const upstream = run('scenarios/mixed-cluster.yaml');
const forkLabel = run('scenarios/mixed-cluster.yaml', ['istiod.endpointSliceServiceLabel=k8s.ovn.org/service-name']);
const probe = (result: RunResult, name: string) => result.probes.find((p) => p.name === name)!;

describe('sidecar injection (W-5.6)', () => {
  const pods = upstream.sim.store.list<Pod>('Pod', 'def-sidecar');

  it('gives pods in an istio-injection=enabled namespace an istio-proxy container and sidecar.istio.io/status', () => {
    expect(pods.length).toBeGreaterThan(0);
    for (const pod of pods) {
      expect(pod.spec.containers.map((c) => c.name)).toContain('istio-proxy');
      expect(pod.metadata.annotations?.['sidecar.istio.io/status']).toBeDefined();
    }
  });

  it('never enrols a sidecar pod in ambient, so ztunnel knows it as TCP', () => {
    for (const pod of pods) expect(pod.metadata.annotations?.['ambient.istio.io/redirection']).toBeUndefined();
  });
});

describe("Envoy's outbound path (W-5.6)", () => {
  it('answers 503 after three ≈3 s tries when EDS (upstream label) hands it default-network IPs on a UDN', () => {
    const p = probe(upstream, 'udn-sidecar-to-udn-sidecar');
    expect(p.exitCode).toBe(0);
    expect(p.httpStatus).toBe(503);
    expect(p.stdout).toBe(
      'upstream connect error or disconnect/reset before headers. retried and the latest reset reason: remote connection failure, transport failure reason: delayed connect error: No route to host',
    );
    expect(p.durationMs).toBeGreaterThanOrEqual(9000);
    expect(p.durationMs).toBeLessThan(9500);
    expect(p.dialedNetwork).toBe('default');
  });

  it('reaches the UDN address once EDS selects the mirrored slices (k8s.ovn.org/service-name)', () => {
    const p = probe(forkLabel, 'udn-sidecar-to-udn-sidecar');
    expect(p.httpStatus).toBe(200);
    expect(p.dialedNetwork).toBe('cluster_udn_mesh-udn');
    expect(p.stdout).toContain('"origin": "::ffff:127.0.0.6"'); // gunicorn listens on [::]
  });

  it('answers 503 no healthy upstream at once for a default-network Service under the fork label', () => {
    const p = probe(forkLabel, 'def-sidecar-to-def-sidecar');
    expect(p.httpStatus).toBe(503);
    expect(p.stdout).toBe('no healthy upstream');
    expect(p.verdict).toBe('no-endpoint');
    expect(p.durationMs).toBeLessThan(10);
    expect(probe(upstream, 'def-sidecar-to-def-sidecar').httpStatus).toBe(200);
  });
});

describe('the injection webhook behind R7', () => {
  const istioWithoutOpenPorts = readFileSync('scenarios/manifests/mesh/istio-upstream.yaml', 'utf8').replace(/      podAnnotations:[\s\S]*?port: 15010\n/, '');
  const result = run('scenarios/mixed-cluster.yaml', [], { 'scenarios/manifests/mesh/istio-upstream.yaml': istioWithoutOpenPorts });

  it('refuses the pods of injection-enabled namespaces when istiod on a UDN does not open 15017', () => {
    expect(result.sim.store.list<Pod>('Pod', 'def-sidecar')).toHaveLength(0);
    const events = result.sim.store.list<KubeEvent>('Event', 'def-sidecar');
    expect(events.some((e) => e.reason === 'FailedCreate' && e.message.includes('failed calling webhook "namespace.sidecar-injector.istio.io"') && e.message.endsWith('context deadline exceeded'))).toBe(true);
  });

  it('still creates pods in namespaces without injection', () => {
    expect(result.sim.store.list<Pod>('Pod', 'def-ambient').length).toBeGreaterThan(0);
  });
});
