// `sim run -o json` (scenario.md): the contract fields, plus the cluster state behind them, each
// probe's result (met, not met, observed), the run's summary and where each istiod setting came from.
import type { Node, Pod } from '../../models/kube/types.js';
import { nodeSubnets } from '../../models/ovnk/node-subnet-controller.js';
import { buildAddressBook } from '../../models/net/address-book.js';
import type { RunResult } from '../run/run-scenario.js';
import { probeResult, summariseResults } from '../run/expectations.js';

export function renderJsonReport(result: RunResult): string {
  const book = buildAddressBook(result.sim.store);
  const document = {
    scenario: result.scenario.name,
    seed: result.scenario.seed,
    settings: {
      'istiod.ambientAddressSource': result.behaviour.ambientAddressSource,
      'istiod.endpointSliceServiceLabel': result.behaviour.endpointSliceServiceLabel,
    },
    settingsSource: result.settingsSource,
    settledAtMs: result.settledAtMs,
    refusals: result.refusals.map((r) => ({ atMs: r.atMs, file: r.source.file, line: r.source.line, col: r.source.col, kind: r.kind, name: r.name, message: r.message })),
    probes: result.probes.map((p) => ({
      name: p.name,
      atMs: p.atMs,
      from: p.from,
      command: p.command,
      exitCode: p.exitCode,
      stdout: p.stdout,
      stderr: p.stderr,
      httpStatus: p.httpStatus,
      verdict: p.verdict,
      dialed: p.dialed,
      dialedNetwork: p.dialedNetwork,
      sourceNetwork: p.sourceNetwork,
      targetNetwork: p.targetNetwork,
      durationMs: p.durationMs,
      log: p.logs.map((l) => l.line),
      logSources: p.logs.map((l) => l.source),
      why: p.why,
      expect: p.expect ?? {},
      pass: p.pass,
      result: probeResult(p),
      failures: p.failures,
    })),
    pass: result.pass,
    summary: summariseResults(result.probes, result.refusals.length),
    cluster: {
      nodes: result.sim.store
        .list<Node>('Node')
        .sort((a, b) => a.metadata.name.localeCompare(b.metadata.name))
        .map((n) => ({ name: n.metadata.name, subnets: nodeSubnets(n) })),
      pods: result.sim.store
        .list<Pod>('Pod')
        .map((p) => `${p.metadata.namespace}/${p.metadata.name}`)
        .sort()
        .map((key) => ({ pod: key, interfaces: book.byPod.get(key)?.interfaces ?? [] })),
    },
    notes: result.scenario.notes.map((n) => `${n.file}:${n.line}:${n.col}: ${n.path}: ${n.message}`),
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}
