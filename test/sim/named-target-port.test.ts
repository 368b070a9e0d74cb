// A Service whose named targetPort no container of its pods declares (W-3.1): the slices list the pod
// with no port, the tables print numbers (or <unset>) and never the name, and the probe's why-lines
// name the unresolved port instead of blaming the slices — through OVN's load balancer on the default
// network and on a CUDN, and through ztunnel in ambient (the seed's cluster).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { getCommand, runCommand, type Io } from '../../sim/cli/main.js';

const SCENARIO = 'scenarios/named-port-test.yaml';
const HTTPBIN = 'scenarios/named-port-test-httpbin.yaml';

/** The seed's httpbin with `targetPort: http`, its container declaring `containerPort` named `portName`. */
const httpbin = (containerPort: number, portName: string) => `
apiVersion: v1
kind: Service
metadata: {name: httpbin, labels: {app: httpbin}}
spec:
  selector: {app: httpbin}
  ports: [{name: http, port: 8000, targetPort: http}]
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: httpbin}
spec:
  replicas: 1
  selector: {matchLabels: {app: httpbin}}
  template:
    metadata: {labels: {app: httpbin}}
    spec:
      containers: [{name: httpbin, image: kong/httpbin, ports: [{containerPort: ${containerPort}, name: ${portName}}]}]
`;

const namespaces = (labels: string) => `
apiVersion: v1
kind: Namespace
metadata: {name: sleep, labels: {${labels}}}
---
apiVersion: v1
kind: Namespace
metadata: {name: httpbin, labels: {${labels}}}
`;

const scenario = (apply: string[]) => `apiVersion: udnsim/v1alpha1
kind: Scenario
metadata: {name: named-port}
seed: 1
cluster: {nodes: 3}
apply:
${apply.map((line) => `  - ${line}`).join('\n')}
  - {file: manifests/seed/07-sleep.yaml, namespace: sleep, at: 30s}
  - {file: named-port-test-httpbin.yaml, namespace: httpbin, at: 30s}
probes:
  - name: sleep-to-httpbin
    exec: {namespace: sleep, target: deploy/sleep, command: 'curl -s httpbin.httpbin.svc.cluster.local:8000/get'}
`;

const CLUSTERS = {
  default: { files: { 'scenarios/named-port-test-ns.yaml': namespaces('') }, apply: ['{file: named-port-test-ns.yaml}'] },
  cudn: {
    files: { 'scenarios/named-port-test-ns.yaml': namespaces('k8s.ovn.org/primary-user-defined-network: ""') },
    apply: ['{file: named-port-test-ns.yaml}', '{file: manifests/seed/03-cudn.yaml}'],
  },
  sidecar: {
    files: { 'scenarios/named-port-test-ns.yaml': ['istio-system', 'istio-cni', 'ztunnel'].map((ns) => `apiVersion: v1\nkind: Namespace\nmetadata: {name: ${ns}}\n---`).join('\n') + namespaces('istio-injection: enabled') },
    apply: ['{file: named-port-test-ns.yaml}', '{file: manifests/mesh/istio-cni.yaml}', '{file: manifests/mesh/istio-upstream.yaml}'],
  },
  ambient: { files: {}, apply: ['01-namespaces-without-injection', '02-namespaces-with-injection', '03-cudn', '04-istio-cni', '05-istio', '06-ztunnel'].map((f) => `{file: manifests/seed/${f}.yaml}`) },
};

function ioFor(cluster: keyof typeof CLUSTERS, containerPort: number, portName: string): Io & { out: () => string } {
  const files: Record<string, string> = { [SCENARIO]: scenario(CLUSTERS[cluster].apply), [HTTPBIN]: httpbin(containerPort, portName), ...CLUSTERS[cluster].files };
  let stdout = '';
  return {
    stdout: (t) => (stdout += t),
    stderr: () => {},
    readFile: (p) => files[p] ?? readFileSync(p, 'utf8'),
    out: () => stdout,
  };
}

interface ProbeJson {
  exitCode: number;
  verdict: string;
  why: string[];
}

function run(cluster: keyof typeof CLUSTERS, containerPort: number, portName: string): { probe: ProbeJson; text: string } {
  const json = ioFor(cluster, containerPort, portName);
  runCommand(SCENARIO, [], 'json', json);
  const text = ioFor(cluster, containerPort, portName);
  runCommand(SCENARIO, [], 'text', text);
  return { probe: (JSON.parse(json.out()) as { probes: ProbeJson[] }).probes[0]!, text: text.out() };
}

/** The PORTS cells of the httpbin rows of a `kubectl get endpointslices -A` table. */
function httpbinPorts(text: string): string[] {
  return text.split('\n').filter((l) => /^httpbin\s+httpbin-\S+\s+IPv4\s/.test(l)).map((l) => l.split(/\s+/)[3]!);
}

const UNRESOLVED = /^httpbin's Service port 8000 targets the named port "http", which no container of httpbin-[a-z0-9]+-[a-z0-9]{5} declares \(its containerPorts: 8080\/TCP "web"(, 15090\/TCP "http-envoy-prom")?\); /;

describe('a named targetPort no container declares', () => {
  it.each([
    ['default', 'the EndpointSlice controller leaves that port out for the pod (W-3.1), so there is no endpoint to send to', 1],
    ['cudn', "the EndpointSlice controller leaves that port out for the pod (W-3.1) and OVN-K's mirror copies the slice's ports (W-3.2), so there is no endpoint to send to", 2],
  ] as const)('through OVN on the %s network: the slices have no ports and the why-lines name the port', (cluster, outcome, slices) => {
    const { probe, text } = run(cluster, 8080, 'web');
    expect(probe.exitCode).toBe(7);
    expect(probe.verdict).toBe('no-endpoint');
    const line = probe.why.find((w) => UNRESOLVED.test(w));
    expect(line).toBeDefined();
    expect(line).toContain(outcome);
    expect(probe.why.join('\n')).not.toContain('no ready endpoint');
    expect(httpbinPorts(text)).toEqual(Array<string>(slices).fill('<unset>'));
  });

  it('in ambient: ztunnel has no endpoint with the port, and the why-lines say istiod left the port out', () => {
    const { probe, text } = run('ambient', 8080, 'web');
    expect(probe.exitCode).toBe(56);
    expect(probe.verdict).toBe('no-endpoint');
    const line = probe.why.find((w) => UNRESOLVED.test(w));
    expect(line).toContain("istiod leaves that port out of the pod's workload and ztunnel's service has target port 0 for it");
    expect(httpbinPorts(text)).toEqual(['<unset>', '<unset>']);
  });

  it("through a sidecar: Envoy's EDS is empty, and the why-lines say the slice has no such port", () => {
    const { probe } = run('sidecar', 8080, 'web');
    expect(probe.exitCode).toBe(0);
    expect(probe.verdict).toBe('no-endpoint');
    const line = probe.why.find((w) => UNRESOLVED.test(w));
    expect(line).toContain('the EndpointSlice controller leaves that port out for the pod (W-3.1), so EDS for outbound|8000||httpbin.httpbin.svc.cluster.local has no endpoint to send to (W-5.6)');
    expect(probe.why.join('\n')).not.toContain('no ready endpoint');
  });

  it('prints numbers, never the name, in `sim get endpointslices`', () => {
    const io = ioFor('cudn', 8080, 'web');
    expect(getCommand('endpointslices', SCENARIO, { namespace: 'httpbin', allNamespaces: false, output: 'table', sets: [] }, io)).toBe(0);
    const rows = io.out().trimEnd().split('\n').slice(1);
    expect(rows).toHaveLength(2);
    for (const row of rows) expect(row.split(/\s+/)[2]).toBe('<unset>');
  });
});

describe('a named targetPort the pod declares', () => {
  it('is the containerPort in the slices, and curl gets its answer there', () => {
    const { probe, text } = run('cudn', 8000, 'http');
    expect(probe.exitCode).toBe(0);
    expect(httpbinPorts(text)).toEqual(['8000', '8000']);
  });
});
