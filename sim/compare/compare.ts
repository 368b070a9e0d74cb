// `sim compare`: the same scenario once per istiod variant (every ambient address source of W-5.2,
// and each EDS service label where the scenario has sidecars), and what changed against the
// scenario's own istiod: which probes a variant fixes, which it breaks, which pods it drops.
import type { CurlRequest } from '../../models/net/curl.js';
import { ADDRESS_SOURCE_NAMES } from '../../models/istio/address-sources/index.js';
import { UPSTREAM_SERVICE_LABEL } from '../../models/istio/istiod-build.js';
import { OVN_SERVICE_NAME_LABEL } from '../../models/istio/types.js';
import { ZTUNNEL_CONFIG, type ZtunnelConfig } from '../../models/istio/ztunnel-config.js';
import type { Pod } from '../../models/kube/types.js';
import { runScenario, type ProbeReport, type RunResult } from '../run/run-scenario.js';
import type { Scenario } from '../scenario/types.js';
import { summariseResults, type ResultSummary } from '../run/expectations.js';
import type { SettingsSource } from '../run/settings-source.js';

export interface Variant {
  name: string;
  ambientAddressSource: string;
  endpointSliceServiceLabel: string;
}

/** What a probe's result means for the people choosing a fix. */
export type Cell = 'ok' | 'isolated-by-design' | Exclude<ProbeReport['verdict'], 'delivered'> | 'http-error';

export interface VariantResult {
  variant: Variant;
  isBaseline: boolean;
  cells: Array<{ probe: string; cell: Cell; verdict: string; dialed: string | null; reason: string }>;
  droppedPods: Array<{ pod: string; reason: string }>;
  fixes: string[];
  breaks: string[];
  /** The probes' own expect: checked under this variant (observed: a probe without one). */
  expectations: Omit<ResultSummary, 'refused'>;
}

export interface Comparison {
  scenario: string;
  probes: string[];
  baseline: Variant;
  /** Where the baseline's istiod settings came from: the Istio CR, the scenario, `--set` or the default. */
  baselineSettingsSource: SettingsSource;
  /** The `--set` overrides every run of the comparison was given. */
  sets: Scenario['sets'];
  variants: VariantResult[];
}

export function hasSidecars(scenario: Scenario): boolean {
  return scenario.objects.some((o) => o.object.kind === 'Namespace' && o.object.metadata.labels?.['istio-injection'] === 'enabled');
}

export function compareVariants(
  scenario: Scenario,
  requests: Map<string, CurlRequest>,
  onVariant: (name: string) => void = () => {},
  onProgress?: (events: number, nowMs: number) => void,
): Comparison {
  const options = onProgress ? { onProgress } : {};
  onVariant('as written');
  // Each run is summarised as soon as it ends and then let go: a 50 000-pod cluster is ≈ 0.7 GB,
  // and keeping the baseline's alive through the other variants' runs doubled the peak.
  let baselineRun: RunResult | undefined = runScenario(scenario, requests, options);
  const baseline = variantOf(baselineRun);
  const baselineSettingsSource = baselineRun.settingsSource;
  const before = new Map(baselineRun.probes.map((p) => [p.name, cellOf(p)]));
  const sidecars = hasSidecars(scenario);
  const planned = ADDRESS_SOURCE_NAMES.flatMap((source) =>
    labelsFor(source, sidecars, baseline).map((label) => ({
      variant: { name: sidecars ? `${source} + ${label}` : source, ambientAddressSource: source, endpointSliceServiceLabel: label },
      isBaseline: source === baseline.ambientAddressSource && label === baseline.endpointSliceServiceLabel,
    })),
  );
  // The scenario's own istiod is one of the planned variants unless sidecars need both labels and it
  // uses neither: then it is only what the others are compared with.
  const asWritten = planned.find((p) => p.isBaseline);
  const baselineResult = asWritten && summarise(asWritten.variant, true, baselineRun, before);
  baselineRun = undefined;
  const variants: VariantResult[] = [];
  for (const { variant, isBaseline } of planned) {
    if (isBaseline) {
      variants.push(baselineResult!);
      continue;
    }
    onVariant(variant.name);
    const run = runScenario({ ...scenario, istiod: { ...scenario.istiod, ambientAddressSource: variant.ambientAddressSource, endpointSliceServiceLabel: variant.endpointSliceServiceLabel } }, requests, options);
    variants.push(summarise(variant, false, run, before));
  }
  return {
    scenario: scenario.name,
    probes: scenario.probes.map((p) => p.name),
    baseline: { ...baseline, name: baseline.ambientAddressSource },
    baselineSettingsSource,
    sets: scenario.sets,
    variants,
  };
}

/** Both EDS labels where sidecars make the difference; otherwise the label the source comes with:
 * the fork's mirrored-slice revisions look slices up by the fork's label, as its builds do (W-5.2). */
function labelsFor(source: string, sidecars: boolean, baseline: Variant): string[] {
  if (sidecars) return [UPSTREAM_SERVICE_LABEL, OVN_SERVICE_NAME_LABEL];
  if (source === baseline.ambientAddressSource) return [baseline.endpointSliceServiceLabel];
  return [source.startsWith('mirrored-slice') ? OVN_SERVICE_NAME_LABEL : baseline.endpointSliceServiceLabel];
}

function variantOf(run: RunResult): Variant {
  const { ambientAddressSource, endpointSliceServiceLabel } = run.behaviour;
  return { name: ambientAddressSource, ambientAddressSource, endpointSliceServiceLabel };
}

export function cellOf(probe: ProbeReport): Cell {
  if (probe.verdict === 'delivered') return probe.httpStatus !== null && probe.httpStatus >= 500 ? 'http-error' : 'ok';
  const crossNetwork = probe.sourceNetwork !== null && probe.targetNetwork !== null && probe.sourceNetwork !== probe.targetNetwork;
  return crossNetwork ? 'isolated-by-design' : probe.verdict;
}

/** The why-line that decided the outcome: the rule that dropped it, or where the dialled address came from. */
function decisiveReason(probe: ProbeReport): string {
  const rule = probe.why.find((w) => /^R\d:/.test(w));
  const source = probe.why.find((w) => w.includes("istiod's address source"));
  if (probe.verdict === 'delivered') return source ?? rule ?? probe.why[probe.why.length - 1] ?? '';
  return [source, rule].filter(Boolean).join(' → ') || (probe.why[probe.why.length - 2] ?? probe.why[0] ?? '');
}

/** A run as the comparison keeps it; `before` is each probe's cell under the scenario's own istiod. */
function summarise(variant: Variant, isBaseline: boolean, run: RunResult, before: ReadonlyMap<string, Cell>): VariantResult {
  const cells = run.probes.map((p) => ({ probe: p.name, cell: cellOf(p), verdict: p.verdict, dialed: p.dialed, reason: decisiveReason(p) }));
  const good = (c: Cell | undefined) => c === 'ok' || c === 'isolated-by-design';
  const { met, notMet, observed } = summariseResults(run.probes, 0);
  return {
    variant,
    isBaseline,
    cells,
    droppedPods: droppedPods(run),
    fixes: cells.filter((c) => good(c.cell) && !good(before.get(c.probe))).map((c) => c.probe),
    breaks: cells.filter((c) => !good(c.cell) && good(before.get(c.probe))).map((c) => c.probe),
    expectations: { met, notMet, observed },
  };
}

function droppedPods(run: RunResult): Array<{ pod: string; reason: string }> {
  const config = run.sim.store.list<ZtunnelConfig>(ZTUNNEL_CONFIG)[0];
  const dropped = config?.spec.push.snapshot.dropped ?? [];
  const live = new Set(run.sim.store.list<Pod>('Pod').map((p) => `${p.metadata.namespace}/${p.metadata.name}`));
  return dropped.filter((d) => live.has(d.pod));
}
