// Runs a loaded scenario: nodes, the `apply` steps at their times, the controllers until the
// cluster settles, then each probe at its moment, checked against its `expect`.
import type { ClusterConfig } from '../../models/cluster-config.js';
import type { Node } from '../../models/kube/types.js';
import { objectKey } from '../../models/store-view.js';
import { currentIstio } from '../../models/istio/istiod-controller.js';
import { decideIstiodBehaviour, type IstiodBehaviour } from '../../models/istio/istiod-build.js';
import { buildAddressBook } from '../../models/net/address-book.js';
import { formatIpAddress, parseCidr } from '../../models/net/cidr.js';
import { parseCurl, type CurlRequest } from '../../models/net/curl.js';
import { runProbe, type ProbeOutcome } from '../../models/net/probe.js';
import { buildServiceVipIndex } from '../../models/net/reachability.js';
import { Simulation } from '../engine/simulation.js';
import type { ProbeSpec, Scenario, ScenarioProblem, SourceLocation } from '../scenario/types.js';
import { validateOnApply } from './validate-apply.js';
import { Admission } from './admission.js';
import { admissionHooks, allControllers } from './wiring.js';
import { checkExpectations } from './expectations.js';
import { istiodSettingsSource, type SettingsSource } from './settings-source.js';

export const SETTLE_LIMIT_MS = 600_000;

export interface ProbeReport extends ProbeOutcome {
  expect: ProbeSpec['expect'] | null;
  pass: boolean;
  failures: string[];
}

export interface RunResult {
  scenario: Scenario;
  sim: Simulation;
  cluster: ClusterConfig;
  refusals: ApplyRefusal[];
  behaviour: IstiodBehaviour;
  /** Where each istiod setting in `behaviour` came from. */
  settingsSource: SettingsSource;
  settled: boolean;
  settledAtMs: number;
  probes: ProbeReport[];
  pass: boolean;
}

/** Probe commands that cannot be modelled are the user's mistake: reported before anything runs. */
export function checkProbeCommands(scenario: Scenario): { problems: ScenarioProblem[]; requests: Map<string, CurlRequest> } {
  const problems: ScenarioProblem[] = [];
  const requests = new Map<string, CurlRequest>();
  scenario.probes.forEach((probe, i) => {
    const parsed = parseCurl(probe.command);
    if (parsed.ok) requests.set(probe.name, parsed.request);
    else problems.push({ ...probe.locate(['exec', 'command']), path: `probes[${i}].exec.command`, message: parsed.error, severity: 'error' });
  });
  return { problems, requests };
}

/** An `oc apply` the API server refused (schema or CEL validation): nothing was created. */
export interface ApplyRefusal {
  atMs: number;
  source: SourceLocation;
  kind: string;
  name: string;
  message: string;
}

export interface StartedSimulation {
  sim: Simulation;
  cluster: ClusterConfig;
  refusals: ApplyRefusal[];
}

/** The cluster with its nodes and controllers, and every `apply` step scheduled at its time. */
export function startSimulation(scenario: Scenario): StartedSimulation {
  const cluster: ClusterConfig = { ...scenario.cluster, epochMs: Date.parse(scenario.startTime) };
  const sim = Simulation.create(cluster, scenario.seed);
  for (const controller of allControllers(scenario.istiod, cluster.timing)) sim.addController(controller);
  const admission = new Admission(cluster.serviceNetwork, sim.forkRng('clusterip'));
  for (const hook of [admission.onCreate, ...admissionHooks]) sim.addAdmissionHook(hook);
  const refusals: ApplyRefusal[] = [];
  sim.applyWrites('cluster-install', createNodes(cluster).map((object) => ({ op: 'create', object })));
  for (const applied of scenario.objects) {
    sim.at(applied.atMs, `apply ${applied.object.kind}`, () => {
      const existing = sim.store.get(applied.object.kind, objectKey(applied.object));
      const refusal = validateOnApply(applied.object, existing, sim.store);
      if (refusal) {
        refusals.push({ atMs: sim.nowMs, source: refusal.path ? applied.locate(refusal.path) : applied.source, kind: applied.object.kind, name: objectKey(applied.object), message: refusal.message });
        return;
      }
      const object = admission.applied(applied.object, existing);
      sim.applyWrites(`oc apply (step ${applied.step + 1})`, [{ op: existing ? 'update' : 'create', object: existing ? { ...object, status: existing.status } : object }]);
    });
  }
  return { sim, cluster, refusals };
}

/** The cluster as it stands at `atMs`, or once it has settled (for `sim get`). */
export function snapshotAt(scenario: Scenario, atMs?: number): StartedSimulation & { settled: boolean } {
  const started = startSimulation(scenario);
  if (atMs !== undefined) {
    started.sim.runUntil(atMs);
    return { ...started, settled: false };
  }
  return { ...started, settled: started.sim.runUntilSettled(SETTLE_LIMIT_MS) };
}

export interface RunOptions {
  /** Called once the cluster has settled, before the probes that wait for it (benchmarks, progress). */
  onSettled?: () => void;
  /** Called every few thousand events with the virtual time (progress bars). */
  onProgress?: (events: number, nowMs: number) => void;
}

export function runScenario(scenario: Scenario, requests: Map<string, CurlRequest>, options: RunOptions = {}): RunResult {
  const { sim, cluster, refusals } = startSimulation(scenario);
  if (options.onProgress) sim.onProgress(options.onProgress);
  const outcomes = new Map<string, ProbeOutcome>();
  // Probes only read the cluster: those at the same moment share one address book and VIP index.
  let lookups: { atMs: number; book: ReturnType<typeof buildAddressBook>; serviceByVip: ReturnType<typeof buildServiceVipIndex> } | undefined;
  const run = (probe: ProbeSpec, atMs: number) => {
    sim.runUntil(atMs);
    const view = sim.store;
    if (lookups?.atMs !== atMs) lookups = { atMs, book: buildAddressBook(view), serviceByVip: buildServiceVipIndex(view) };
    const outcome = runProbe(
      { name: probe.name, namespace: probe.namespace, target: probe.target, command: probe.command, request: requests.get(probe.name)!, atMs },
      { view, cluster, book: lookups.book, serviceByVip: lookups.serviceByVip, rng: sim.forkRng(`probe:${probe.name}`), epochIso: new Date(cluster.epochMs).toISOString() },
    );
    outcomes.set(probe.name, outcome);
  };
  const timed = scenario.probes.filter((p) => p.atMs !== undefined).sort((a, b) => a.atMs! - b.atMs!);
  for (const probe of timed) run(probe, probe.atMs!);
  const settled = sim.runUntilSettled(SETTLE_LIMIT_MS);
  options.onSettled?.();
  const settledAtMs = sim.lastChangeMs;
  const defaultAtMs = Math.max(sim.nowMs, Math.ceil((settledAtMs + 1000) / 1000) * 1000);
  for (const probe of scenario.probes.filter((p) => p.atMs === undefined)) run(probe, defaultAtMs);
  const probes = scenario.probes.map((spec) => {
    const outcome = outcomes.get(spec.name)!;
    const failures = checkExpectations(spec.expect, outcome);
    return { ...outcome, expect: spec.expect ?? null, pass: failures.length === 0, failures };
  });
  const behaviour = decideIstiodBehaviour(currentIstio(sim.store), scenario.istiod);
  const settingsSource = istiodSettingsSource(scenario.sets, behaviour);
  return { scenario, sim, cluster, refusals, behaviour, settingsSource, settled, settledAtMs, probes, pass: probes.every((p) => p.pass) };
}

/** Nodes from `cluster.nodes`, created in its order (control-plane nodes first, so they take the
 * first default-network host subnets, W-2.3), with InternalIPs from the machine network (.10 onward)
 * and the control-plane nodes' taint. */
function createNodes(cluster: ClusterConfig): Node[] {
  const machine = parseCidr(cluster.machineNetwork);
  return cluster.nodes.map((spec, i) => {
    const ip = formatIpAddress(machine?.family ?? 4, (machine?.first ?? 0n) + BigInt(10 + i));
    return {
      apiVersion: 'v1',
      kind: 'Node',
      metadata: { name: spec.name, labels: { ...spec.labels } },
      spec: spec.taints?.length ? { taints: spec.taints.map((t) => ({ ...t })) } : {},
      status: { addresses: [{ type: 'InternalIP', address: ip }, { type: 'Hostname', address: spec.name }], conditions: [{ type: 'Ready', status: 'True' }] },
    } satisfies Node;
  });
}
