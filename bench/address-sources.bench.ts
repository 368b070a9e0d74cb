// What each ambient address source (W-5.2) costs istiod: a full rebuild of workloads (W-5.4) and the
// one-pod recompute krt does when a pod changes, beside a naive scan-the-namespace slice lookup.
// Ratios are measured in one run on one machine; nothing here fails on timing.
import os from 'node:os';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import Benchmark from 'benchmark';
import { ADDRESS_SOURCES, ADDRESS_SOURCE_NAMES, type AddressResult, type AddressSourceContext, type AddressSourceName } from '../models/istio/address-sources/index.js';
import { fromNetworkStatus, fromStatusPodIps } from '../models/istio/address-sources/fallbacks.js';
import { mirroredSliceStrictSource } from '../models/istio/address-sources/mirrored-slice.js';
import { AmbientIndex, buildAmbientSnapshot, type AmbientIndexSettings } from '../models/istio/ambient-index.js';
import type { EndpointSlice, Pod } from '../models/kube/types.js';
import { objectKey } from '../models/store-view.js';
import { buildScaledCluster, NODE_COUNT, PODS_PER_NAMESPACE, PODS_PER_SERVICE, type ScaledCluster } from './fixtures.js';

const SERVICE_LABEL = 'k8s.ovn.org/service-name';
const FLOOR: AddressSourceName = 'status-pod-ips';
const GROWTH_TARGET = 2;
const NAIVE_PASS_LIMIT_MS = 30_000;

export interface Measurement {
  /** Mean time per operation, in the unit the field name gives. */
  mean: number;
  /** Relative margin of error, ± percent (Benchmark.js, 95 %). */
  rmePct: number;
  samples: number;
}

export interface AddressSourceBenchRow {
  source: AddressSourceName;
  size: number;
  rebuildMs: Measurement;
  rebuildVsFloor: number;
  updateUs: Measurement;
  updateVsFloor: number;
  /** istiod's push after one pod was written: the store write and the incremental index update. */
  pushUs: Measurement;
  /** Mirrored-slice sources only: the slice found by scanning every EndpointSlice of the namespace. */
  naiveUpdateUs?: Measurement;
  naiveUpdateVsIndexed?: number;
  /** The address pass of a rebuild alone (the source called for every pod), indexed and naive. */
  addressPassMs?: Measurement;
  naivePassMs?: Measurement;
  naivePassVsIndexed?: number;
}

export interface AddressSourceBenchResult {
  machine: { cpus: number; model: string; node: string };
  sizes: number[];
  quick: boolean;
  rows: AddressSourceBenchRow[];
  /** One-pod update time at the largest size ÷ at the smallest, per source (target ≤ 2). */
  updateGrowth: Partial<Record<AddressSourceName, number>>;
  updateGrowthMeetsTarget: Partial<Record<AddressSourceName, boolean>>;
  naiveUpdateGrowth: Partial<Record<AddressSourceName, number>>;
  /** Push after one pod update at the largest size ÷ at the smallest (informative: no target). */
  pushGrowth: Partial<Record<AddressSourceName, number>>;
  notes: string[];
}

/** A full collection before each size's timing, so one size's fixture garbage is not billed to the
 * next (`--expose-gc` set at run time, so the plain `node dist/bench/…` command works). */
function collectGarbage(): void {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}

/** Keeps results alive so the optimiser cannot drop the calls being timed. */
let sink: unknown;

/** The fork's slice lookup written as a scan: every slice of the pod's namespace carrying the service
 * label, first by name whose endpoint targetRef matches. `withKind: false` is the strict revision's
 * key (kind omitted), which never matches, so the scan always visits every endpoint. */
function scanNamespaceSlices(pod: Pod, ctx: AddressSourceContext, withKind: boolean): AddressResult | undefined {
  const ns = pod.metadata.namespace ?? 'default';
  const name = pod.metadata.name;
  const uid = pod.metadata.uid ?? '';
  let best: { slice: EndpointSlice; addresses: string[] } | undefined;
  for (const slice of ctx.view.list<EndpointSlice>('EndpointSlice', ns)) {
    if (slice.metadata.labels?.[ctx.serviceLabel] === undefined) continue;
    if (best && slice.metadata.name.localeCompare(best.slice.metadata.name) >= 0) continue;
    for (const e of slice.endpoints ?? []) {
      const ref = e.targetRef;
      if (!ref || (withKind ? ref.kind : '') !== 'Pod' || ref.name !== name || ref.uid !== uid) continue;
      if (e.addresses.length > 0) best = { slice, addresses: e.addresses };
      break;
    }
  }
  if (!best) return undefined;
  const service = best.slice.metadata.labels?.[ctx.serviceLabel] ?? '';
  const sliceName = best.slice.metadata.name;
  return {
    addresses: best.addresses,
    from: `EndpointSlice ${ns}/${sliceName} (label ${ctx.serviceLabel}=${service}) endpoint targetRef Pod ${name}`,
    log: { component: 'istiod', level: 'info', scope: 'ambient', message: `Using CUDN IPs from mirrored endpointslice ${ns}/${sliceName} (service: ${service}) for pod ${ns}/${name}: [${best.addresses.join(' ')}]` },
  };
}

const NAIVE: Partial<Record<AddressSourceName, (pod: Pod, ctx: AddressSourceContext) => AddressResult>> = {
  'mirrored-slice-first': (pod, ctx) => scanNamespaceSlices(pod, ctx, true) ?? fromNetworkStatus(pod) ?? fromStatusPodIps(pod),
  'mirrored-slice-strict': (pod, ctx) => scanNamespaceSlices(pod, ctx, false) ?? mirroredSliceStrictSource(pod, ctx),
};

/** Asserts (before any timing) that the fixture is what the sources expect and naive = indexed. */
function checkCluster(cluster: ScaledCluster, ctx: AddressSourceContext, settings: (s: AddressSourceName) => AmbientIndexSettings): void {
  const pod = cluster.middlePod;
  const defaultIp = pod.status?.podIP ?? '';
  for (const name of ADDRESS_SOURCE_NAMES) {
    const got = ADDRESS_SOURCES[name](pod, ctx);
    const udn = got.addresses.length === 1 && got.addresses[0]?.startsWith('3.3.');
    if (name === FLOOR ? got.addresses[0] !== defaultIp : !udn) throw new Error(`bench: ${name} gave [${got.addresses}] for ${pod.metadata.name} (${got.from})`);
    const naive = NAIVE[name]?.(pod, ctx);
    if (naive && JSON.stringify(naive) !== JSON.stringify(got)) throw new Error(`bench: naive ${name} disagrees: ${JSON.stringify(naive)} vs ${JSON.stringify(got)}`);
  }
  if (!ADDRESS_SOURCES['mirrored-slice-first'](pod, ctx).from.startsWith('EndpointSlice ')) throw new Error('bench: mirrored-slice-first did not use the mirror');
  const { snapshot } = buildAmbientSnapshot(cluster.store, settings(FLOOR));
  const withServices = snapshot.workloads.filter((w) => w.services?.length === 1).length;
  if (snapshot.workloads.length !== cluster.podCount || withServices !== cluster.podCount) throw new Error(`bench: rebuild gave ${snapshot.workloads.length} workloads (${withServices} with one service) for ${cluster.podCount} pods`);
}

function toMeasurement(bench: Benchmark, unitsPerSecond: number): Measurement {
  return { mean: bench.stats.mean * unitsPerSecond, rmePct: bench.stats.rme, samples: bench.stats.sample.length };
}

/** One Benchmark.Suite per size, run synchronously; results by benchmark name. */
function runSuite(cases: Array<[string, () => void]>, options: Benchmark.Options): Map<string, Benchmark> {
  const suite = new Benchmark.Suite();
  for (const [name, fn] of cases) suite.add(name, fn, options);
  const results = new Map<string, Benchmark>();
  suite.on('cycle', (event: Benchmark.Event) => {
    const bench = event.target as unknown as Benchmark;
    if (bench.error) throw bench.error;
    results.set(String(bench.name), bench);
  });
  suite.run({ async: false });
  return results;
}

interface SizeContext {
  size: number;
  view: ScaledCluster['store'];
  pod: Pod;
  ctx: AddressSourceContext;
  settings: (addressSource: AddressSourceName) => AmbientIndexSettings;
  pass: (source: (p: Pod, c: AddressSourceContext) => AddressResult) => () => void;
}

function prepareSize(size: number, notes: string[]): SizeContext {
  const builtAt = performance.now();
  const cluster = buildScaledCluster(size);
  const view = cluster.store;
  const ctx: AddressSourceContext = { view, serviceLabel: SERVICE_LABEL };
  const settings = (addressSource: AddressSourceName): AmbientIndexSettings => ({ addressSource, serviceLabel: SERVICE_LABEL, clusterDomain: 'cluster.local' });
  checkCluster(cluster, ctx, settings);
  notes.push(`${size} pods: fixture (${cluster.namespaces.length} namespaces, ${view.list('EndpointSlice').length} EndpointSlices) built and checked in ${((performance.now() - builtAt) / 1000).toFixed(1)} s, outside the timed region`);
  const pods = view.list<Pod>('Pod');
  const pass = (source: (p: Pod, c: AddressSourceContext) => AddressResult) => () => {
    let n = 0;
    for (const p of pods) n += source(p, ctx).addresses.length;
    sink = n;
  };
  return { size, view, pod: cluster.middlePod, ctx, settings, pass };
}

/** One-pod cases of every size side by side, so the growth ratios compare neighbouring runs. */
function updateCases(sizes: SizeContext[]): Array<[string, () => void]> {
  const cases: Array<[string, () => void]> = [];
  for (const name of ADDRESS_SOURCE_NAMES) {
    const source = ADDRESS_SOURCES[name];
    const naive = NAIVE[name];
    for (const { size, pod, ctx } of sizes) cases.push([`update ${name} @${size}`, () => void (sink = source(pod, ctx))]);
    for (const { size, pod, ctx } of naive ? sizes : []) cases.push([`naive-update ${name} @${size}`, () => void (sink = naive!(pod, ctx))]);
  }
  return cases;
}

/** An annotation no address source reads: writing it makes a new version of the pod, nothing else. */
const TICK_ANNOTATION = 'bench.udnsim.io/tick';

/** istiod's push after one pod write: an index brought up to date once (untimed), then per sample
 * the middle pod is written and the index patched — what a push costs once the cluster runs. */
function pushCases(sizes: SizeContext[]): Array<[string, () => void]> {
  const cases: Array<[string, () => void]> = [];
  for (const name of ADDRESS_SOURCE_NAMES) {
    for (const c of sizes) {
      const index = new AmbientIndex();
      index.update(c.view, c.settings(name));
      const key = objectKey(c.pod);
      let tick = 0;
      cases.push([
        `push ${name} @${c.size}`,
        () => {
          const pod = c.view.get<Pod>('Pod', key)!;
          c.view.update({ ...pod, metadata: { ...pod.metadata, annotations: { ...pod.metadata.annotations, [TICK_ANNOTATION]: String(++tick % 2) } } });
          sink = index.update(c.view, c.settings(name));
        },
      ]);
    }
  }
  return cases;
}

function rebuildCases(c: SizeContext, notes: string[]): Array<[string, () => void]> {
  const cases: Array<[string, () => void]> = [];
  for (const name of ADDRESS_SOURCE_NAMES) {
    cases.push([`rebuild ${name} @${c.size}`, () => void (sink = buildAmbientSnapshot(c.view, c.settings(name)))]);
    const naive = NAIVE[name];
    if (!naive) continue;
    cases.push([`pass ${name} @${c.size}`, c.pass(ADDRESS_SOURCES[name])]);
    const started = performance.now();
    c.pass(naive)(); // also a warm-up
    const onceMs = performance.now() - started;
    if (onceMs > NAIVE_PASS_LIMIT_MS) notes.push(`${c.size} pods: naive rebuild pass of ${name} took ${(onceMs / 1000).toFixed(0)} s once; not sampled`);
    else cases.push([`naive-pass ${name} @${c.size}`, c.pass(naive)]);
  }
  return cases;
}

function rowsOf(size: number, results: Map<string, Benchmark>): AddressSourceBenchRow[] {
  const get = (label: string) => results.get(`${label} @${size}`);
  const floorRebuild = get(`rebuild ${FLOOR}`)!.stats.mean;
  const floorUpdate = get(`update ${FLOOR}`)!.stats.mean;
  return ADDRESS_SOURCE_NAMES.map((name) => {
    const rebuild = get(`rebuild ${name}`)!;
    const update = get(`update ${name}`)!;
    const push = get(`push ${name}`)!;
    const row: AddressSourceBenchRow = {
      source: name,
      size,
      rebuildMs: toMeasurement(rebuild, 1e3),
      rebuildVsFloor: rebuild.stats.mean / floorRebuild,
      updateUs: toMeasurement(update, 1e6),
      updateVsFloor: update.stats.mean / floorUpdate,
      pushUs: toMeasurement(push, 1e6),
    };
    const naiveUpdate = get(`naive-update ${name}`);
    const pass = get(`pass ${name}`);
    const naivePass = get(`naive-pass ${name}`);
    if (naiveUpdate) Object.assign(row, { naiveUpdateUs: toMeasurement(naiveUpdate, 1e6), naiveUpdateVsIndexed: naiveUpdate.stats.mean / update.stats.mean });
    if (pass) row.addressPassMs = toMeasurement(pass, 1e3);
    if (pass && naivePass) Object.assign(row, { naivePassMs: toMeasurement(naivePass, 1e3), naivePassVsIndexed: naivePass.stats.mean / pass.stats.mean });
    return row;
  });
}

function growth(rows: AddressSourceBenchRow[], from: number, to: number, pick: (r: AddressSourceBenchRow) => Measurement | undefined): Partial<Record<AddressSourceName, number>> {
  const out: Partial<Record<AddressSourceName, number>> = {};
  for (const name of ADDRESS_SOURCE_NAMES) {
    const a = pick(rows.find((r) => r.source === name && r.size === from)!);
    const b = pick(rows.find((r) => r.source === name && r.size === to)!);
    if (a && b) out[name] = b.mean / a.mean;
  }
  return out;
}

export async function runAddressSourceBench(options: { sizes: number[]; quick?: boolean }): Promise<AddressSourceBenchResult> {
  const quick = options.quick ?? false;
  const sizes = [...options.sizes].sort((a, b) => a - b);
  const benchOptions: Benchmark.Options = quick ? { maxTime: 0.2, minSamples: 3 } : { maxTime: 2, minSamples: 5 };
  const notes: string[] = [
    `cluster: namespaces of ${PODS_PER_NAMESPACE} pods on a Layer3 primary CUDN 3.3.0.0/16 (/24 per node), ${NODE_COUNT} nodes, ${PODS_PER_SERVICE} pods per Service, each Service with its default EndpointSlice and OVN-K mirror`,
    `Benchmark.js ${quick ? 'quick' : 'full'}: maxTime ${benchOptions.maxTime} s, minSamples ${benchOptions.minSamples} per case; floor = ${FLOOR}`,
    'update = the address source called for one fixed pod in the middle (what krt recomputes for one changed pod); naive = the mirrored-slice lookup as a scan of every EndpointSlice of the namespace',
    'pass = the address source alone called for every pod (the address part of a rebuild), indexed vs naive; rebuild = buildAmbientSnapshot (workloads, services, sorting)',
    'push = istiod after one pod write: the store write plus AmbientIndex.update (recompute that pod, place it in a copy of the uid-sorted workload list, rebuild its Service\'s endpoints): the list copy is the only part linear in the cluster',
    'the indexed mirrored-slice-strict never looks a slice up (its key never matches the index), so its naive scan is the worst case: every endpoint visited, nothing found',
  ];
  notes.push(`load average at start ${os.loadavg().map((l) => l.toFixed(2)).join(' ')} on ${os.cpus().length} CPUs (other processes add noise: read ± rme)`);
  const contexts = sizes.map((size) => prepareSize(size, notes));
  // A full collection before each case, so the fixtures' (and the rebuilds') garbage is not billed to it.
  const timed = { ...benchOptions, onStart: collectGarbage };
  const results = runSuite(updateCases(contexts), timed);
  for (const [name, bench] of runSuite(pushCases(contexts), timed)) results.set(name, bench);
  for (const c of contexts) for (const [name, bench] of runSuite(rebuildCases(c, notes), timed)) results.set(name, bench);
  const rows = sizes.flatMap((size) => rowsOf(size, results));
  const from = sizes.includes(1000) ? 1000 : sizes[0]!;
  const to = sizes.includes(50_000) ? 50_000 : sizes[sizes.length - 1]!;
  const updateGrowth = from === to ? {} : growth(rows, from, to, (r) => r.updateUs);
  if (from === to) notes.push('one size only: no growth ratio');
  const updateGrowthMeetsTarget: Partial<Record<AddressSourceName, boolean>> = {};
  for (const [name, ratio] of Object.entries(updateGrowth) as Array<[AddressSourceName, number]>) {
    updateGrowthMeetsTarget[name] = ratio <= GROWTH_TARGET;
    notes.push(`one-pod update ${name}: ×${ratio.toFixed(2)} from ${from} to ${to} pods — ${ratio <= GROWTH_TARGET ? 'meets' : 'MISSES'} the target ≤ ${GROWTH_TARGET}`);
  }
  const pushGrowth = from === to ? {} : growth(rows, from, to, (r) => r.pushUs);
  for (const [name, ratio] of Object.entries(pushGrowth)) notes.push(`push after one pod update ${name}: ×${ratio.toFixed(1)} from ${from} to ${to} pods (informative)`);
  if (from !== to && (to !== 50_000 || from !== 1000)) notes.push(`growth ratios are ${to} ÷ ${from} pods (the 50 000 ÷ 1 000 target needs both sizes)`);
  void sink;
  return {
    machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model ?? 'unknown', node: process.version },
    sizes,
    quick,
    rows,
    updateGrowth,
    updateGrowthMeetsTarget,
    naiveUpdateGrowth: from === to ? {} : growth(rows, from, to, (r) => r.naiveUpdateUs),
    pushGrowth,
    notes,
  };
}

const fmt = (m: Measurement | undefined, digits: number) => (m ? `${m.mean.toFixed(digits)} ±${m.rmePct.toFixed(1)}%` : '');
const times = (x: number | undefined) => (x === undefined ? '' : `×${x.toFixed(2)}`);

export function formatAddressSourceTable(result: AddressSourceBenchResult): string {
  const header = ['source', 'size', 'full rebuild ms', '×floor', 'one-pod update µs', '×floor', 'push after it µs', 'naive lookup µs', '×indexed', 'naive pass ms', '×indexed pass'];
  const body = result.rows.map((r) => [r.source, String(r.size), fmt(r.rebuildMs, 2), times(r.rebuildVsFloor), fmt(r.updateUs, 3), times(r.updateVsFloor), fmt(r.pushUs, 0), fmt(r.naiveUpdateUs, 2), times(r.naiveUpdateVsIndexed), fmt(r.naivePassMs, 1), times(r.naivePassVsIndexed)]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => row[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i < 2 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ').trimEnd();
  const { machine } = result;
  return [`${machine.model} × ${machine.cpus}, Node ${machine.node}`, line(header), line(widths.map((w) => '-'.repeat(w))), ...body.map(line), '', ...result.notes.map((n) => `- ${n}`)].join('\n');
}

/** The two flags: `--quick` and `--sizes 1000,10000` (or `--sizes=…`); a usage problem as text. */
function parseArgs(argv: string[]): { sizes: number[]; quick: boolean } | string {
  let sizes = [1000, 10_000, 50_000];
  const at = argv.findIndex((a) => a === '--sizes' || a.startsWith('--sizes='));
  const text = at < 0 ? undefined : argv[at]!.includes('=') ? argv[at]!.slice('--sizes='.length) : argv[at + 1];
  if (at >= 0) sizes = (text ?? '').split(',').map((s) => Number(s.replace(/_/g, '')));
  const max = NODE_COUNT * PODS_PER_NAMESPACE;
  if (sizes.length === 0 || sizes.some((n) => !Number.isInteger(n) || n <= 0 || n % PODS_PER_NAMESPACE !== 0 || n > max)) return `--sizes wants comma-separated pod counts, multiples of ${PODS_PER_NAMESPACE} up to ${max}; got ${text}`;
  return { sizes, quick: argv.includes('--quick') };
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const args = parseArgs(process.argv.slice(2));
  if (typeof args === 'string') {
    process.stderr.write(`address-sources.bench: ${args}\n`);
    process.exitCode = 2;
  } else {
    process.stdout.write(`${formatAddressSourceTable(await runAddressSourceBench(args))}\n`);
  }
}
