// The report a person reads top-down: cluster, networks, pods, what kubectl and istioctl would print,
// then each probe with curl's result, the log lines it caused and why it ended as it did.
import type { Condition, EndpointSlice, KubeEvent, KubeObject, Node, Pod } from '../../models/kube/types.js';
import { humanDuration } from './human-duration.js';
import { msSinceEpoch } from '../../models/kube/time.js';
import { formatZtunnelWorkloads } from '../../models/istio/istioctl-tables.js';
import { ZTUNNEL_CONFIG, type ZtunnelConfig } from '../../models/istio/ztunnel-config.js';
import { podNets } from '../../models/net/address-book.js';
import { nodeSubnets } from '../../models/ovnk/node-subnet-controller.js';
import { networkNameFor, networkSpecOf } from '../../models/ovnk/networks.js';
import type { ClusterUserDefinedNetwork, UserDefinedNetwork } from '../../models/ovnk/types.js';
import { formatProblem } from '../scenario/format-problem.js';
import type { ProbeReport, RunResult } from '../run/run-scenario.js';
import { probeResult } from '../run/expectations.js';
import { describeSettingSource, ISTIOD_SETTINGS } from '../run/settings-source.js';
import { renderSummary } from './summary-line.js';
import { formatEndpointSlicesTable } from './endpointslice-table.js';
import { formatTable, kubectlTableOptions } from './tabwriter.js';

const seconds = (ms: number) => `${(ms / 1000).toFixed(3).replace(/\.?0+$/, '')}s`;

export function renderTextReport(result: RunResult): string {
  const { scenario, behaviour } = result;
  const out: string[] = [];
  out.push(`Scenario ${scenario.name}${scenario.description ? ` — ${scenario.description}` : ''}`);
  out.push(`seed ${scenario.seed} · ${result.settled ? `settled at ${seconds(result.settledAtMs)}` : `did not settle within ${seconds(600_000)}`}`);
  out.push(`istiod: ambientAddressSource=${behaviour.ambientAddressSource} · endpointSliceServiceLabel=${behaviour.endpointSliceServiceLabel}`);
  for (const reason of behaviour.reasons) out.push(`  ${reason}`);
  for (const setting of ISTIOD_SETTINGS) out.push(`  ${setting}=${behaviour[setting]} (${describeSettingSource(result.settingsSource[`istiod.${setting}`])})`);
  for (const set of scenario.sets) out.push(`  --set ${set.path}=${JSON.stringify(set.value)}`);
  for (const note of scenario.notes) out.push(formatProblem(note));
  if (result.refusals.length) {
    section(out, 'oc apply refused (nothing was created)', result.refusals.map((r) => `${r.source.file}:${r.source.line}:${r.source.col}: at ${seconds(r.atMs)}: ${r.message}`).join('\n'));
  }
  section(out, 'Nodes and their host subnets (k8s.ovn.org/node-subnets, W-2.3)', nodesTable(result), 'sim get nodes FILE -o wide');
  section(out, 'Networks (W-2.1)', networksText(result));
  const pods = podsTable(result);
  section(out, 'Pods and their addresses (k8s.ovn.org/pod-networks, W-2.4)', pods.table, 'sim get pods FILE -o wide', pods.hidden);
  section(out, '$ kubectl get endpointslices -A', slicesTable(result), 'sim get endpointslices FILE');
  const workloads = workloadsText(result);
  section(out, '$ istioctl zc workloads', workloads.text, 'sim run FILE -o json', workloads.hidden);
  const istiodLogs = result.sim.logs.filter((l) => l.component === 'istiod');
  if (istiodLogs.length) section(out, 'istiod log (ambient)', istiodLogs.map((l) => `${seconds(l.atMs)}  ${l.level}  ${l.scope ?? ''}  ${l.message}`).join('\n'));
  const events = eventsTable(result);
  if (events) section(out, '$ kubectl get events -A --field-selector type=Warning', events);
  const problems = result.sim.logs.filter((l) => l.component !== 'istiod' && (l.level === 'error' || l.level === 'warn'));
  if (problems.length) section(out, 'Errors the components logged', [...new Set(problems.map((l) => `${l.component}: ${l.message}`))].join('\n'));
  const dropped = latestConfig(result)?.spec.push.snapshot.dropped ?? [];
  if (dropped.length) section(out, 'Pods istiod left out of ztunnel (nothing on a real cluster shows this)', dropped.map((d) => `${d.pod}: ${d.reason}`).join('\n'));
  const ways = result.probes.map(wayOfEnding);
  if (result.probes.length > 1) section(out, `Probes at a glance (${result.probes.length})`, probesAtAGlance(result.probes, ways));
  const detailed = probesToDetail(result.probes, ways);
  for (const probe of detailed) section(out, `Probe ${probe.name}`, probeText(probe));
  if (detailed.length < result.probes.length) {
    const more = result.probes.length - detailed.length;
    out.push('', `== … and ${more} more probes, each ending as its row of the table above says (sim run FILE -o json has every one)`);
  }
  out.push('', ...renderSummary(result));
  return `${out.join('\n')}\n`;
}

/** A table of a generated 50 000-pod cluster is no reading matter: past this many lines, say how many more. */
export const MAX_TABLE_LINES = 200;

/** `hidden`: rows the body already left out (a table built only as far as it is shown). */
function section(out: string[], title: string, body: string, more = '', hidden = 0): void {
  const lines = body.replace(/\n$/, '').split('\n');
  const cut = lines.length > MAX_TABLE_LINES + 1 ? lines.length - MAX_TABLE_LINES - 1 : 0;
  const shown = cut + hidden > 0 ? [...lines.slice(0, MAX_TABLE_LINES + 1), `… and ${cut + hidden} more${more ? ` (${more})` : ''}`] : lines;
  out.push('', `== ${title}`, shown.join('\n'));
}

function nodesTable(result: RunResult): string {
  const nodes = result.sim.store.list<Node>('Node').sort((a, b) => a.metadata.name.localeCompare(b.metadata.name));
  const networks = [...new Set(nodes.flatMap((n) => Object.keys(nodeSubnets(n))))].sort();
  const rows = [['NAME', 'INTERNAL-IP', ...networks.map((n) => n.toUpperCase())]];
  for (const node of nodes) {
    const subnets = nodeSubnets(node);
    rows.push([node.metadata.name, node.status?.addresses?.find((a) => a.type === 'InternalIP')?.address ?? '', ...networks.map((n) => subnets[n]?.join(',') ?? '<none>')]);
  }
  return formatTable(rows, kubectlTableOptions);
}

function networksText(result: RunResult): string {
  const owners = [
    ...result.sim.store.list<ClusterUserDefinedNetwork>('ClusterUserDefinedNetwork'),
    ...result.sim.store.list<UserDefinedNetwork>('UserDefinedNetwork'),
  ];
  if (owners.length === 0) return '(no UserDefinedNetwork or ClusterUserDefinedNetwork: every pod is on the default network)';
  return owners
    .map((owner) => {
      const spec = networkSpecOf(owner);
      const layer = spec.topology === 'Layer3' ? spec.layer3 : spec.layer2;
      const subnets = spec.topology === 'Layer3' ? (spec.layer3?.subnets ?? []).map((s) => `${s.cidr} (hostSubnet ${s.hostSubnet ?? 24})`) : (spec.layer2?.subnets ?? []);
      const name = `${owner.kind} ${owner.metadata.namespace ? `${owner.metadata.namespace}/` : ''}${owner.metadata.name}`;
      const conditions = ((owner.status as { conditions?: Condition[] } | undefined)?.conditions ?? []).map((c) => `  ${c.type}=${c.status} ${c.reason ?? ''}: ${c.message ?? ''}`);
      return [`${name} → network ${networkNameFor(owner)}: ${spec.topology} ${layer?.role ?? ''} ${subnets.join(', ')}`, ...conditions].join('\n');
    })
    .join('\n');
}

/** The pods in namespace/name order; only the rows the section shows are built (50 000 are not read). */
function podsTable(result: RunResult): { table: string; hidden: number } {
  const view = result.sim.store;
  // localeCompare's order, with one collator and each key built once (50 000 pods sort in ms).
  const collator = new Intl.Collator();
  const all = view
    .list<Pod>('Pod')
    .map((pod) => ({ pod, key: `${pod.metadata.namespace}/${pod.metadata.name}` }))
    .sort((a, b) => collator.compare(a.key, b.key))
    .map(({ pod }) => pod);
  const pods = all.slice(0, MAX_TABLE_LINES);
  const rows = [['NAMESPACE', 'NAME', 'NODE', 'STATUS', 'ADDRESSES (interface network role)']];
  for (const pod of pods) {
    const nets = podNets(pod, view);
    const addresses = nets?.interfaces.map((i) => `${i.name} ${i.ips.join(',')} ${i.network} ${i.role}`).join(' · ') ?? '<none>';
    const ready = pod.status?.conditions?.find((c) => c.type === 'Ready')?.status === 'True';
    const status = pod.status?.phase === 'Running' ? (ready ? 'Running' : 'Running (not ready)') : 'ContainerCreating';
    rows.push([pod.metadata.namespace ?? '', pod.metadata.name, pod.spec.nodeName ?? '<none>', status, addresses]);
  }
  return { table: formatTable(rows, kubectlTableOptions), hidden: all.length - pods.length };
}

function slicesTable(result: RunResult): string {
  const slices = result.sim.store.list<EndpointSlice>('EndpointSlice');
  if (slices.length === 0) return 'No resources found';
  const epochMs = result.cluster.epochMs;
  return formatEndpointSlicesTable(slices, result.sim.nowMs, { allNamespaces: true, creationMs: (s: KubeObject) => msSinceEpoch(epochMs, s.metadata.creationTimestamp) });
}

function eventsTable(result: RunResult): string | undefined {
  const events = result.sim.store.list<KubeEvent>('Event').filter((e) => e.type === 'Warning');
  if (events.length === 0) return undefined;
  const epochMs = result.cluster.epochMs;
  const rows = [['NAMESPACE', 'LAST SEEN', 'TYPE', 'REASON', 'OBJECT', 'MESSAGE']];
  for (const e of events.sort((a, b) => `${a.metadata.namespace}/${a.metadata.name}`.localeCompare(`${b.metadata.namespace}/${b.metadata.name}`))) {
    const last = humanDuration(result.sim.nowMs - msSinceEpoch(epochMs, e.lastTimestamp));
    const age = (e.count ?? 1) > 1 ? `${last} (x${e.count} over ${humanDuration(result.sim.nowMs - msSinceEpoch(epochMs, e.firstTimestamp))})` : last;
    rows.push([e.metadata.namespace ?? '', age, e.type, e.reason, `${e.involvedObject.kind.toLowerCase()}/${e.involvedObject.name}`, e.message]);
  }
  return formatTable(rows, kubectlTableOptions);
}

function latestConfig(result: RunResult): ZtunnelConfig | undefined {
  return result.sim.store.list<ZtunnelConfig>(ZTUNNEL_CONFIG).sort((a, b) => a.metadata.name.localeCompare(b.metadata.name))[0];
}

function workloadsText(result: RunResult): { text: string; hidden: number } {
  const config = latestConfig(result);
  if (!config) return { text: '(no ztunnel holds any configuration: is the ZTunnel CR applied and istiod running?)', hidden: 0 };
  const rows = config.spec.push.snapshot.workloads.map((w) => ({ namespace: w.namespace, name: w.name, addresses: w.workloadIps, node: w.node ?? '', protocol: w.protocol }));
  const shown = MAX_TABLE_LINES - 1; // the section shows the "asked" line, the header and these rows
  const table = formatZtunnelWorkloads(rows, shown);
  return { text: `(asked ztunnel ${config.spec.ztunnelPod}; istiod push ${config.spec.push.version})\n${table}`, hidden: Math.max(0, rows.length - shown) };
}

/**
 * The probes grouped by how they ended: verdict and exit code, the network the probe's pod sends
 * from and the one of the address its connection was dialled to, the W-4 rule that decided (the
 * first why-line naming one), and whether expectations held. A thousand probes of a generated
 * cluster read as a few lines; each group names its first probe, whose section says why.
 */
function probesAtAGlance(probes: readonly ProbeReport[], ways: readonly WayOfEnding[]): string {
  const groups = new Map<string, { cells: string[]; count: number; first: string }>();
  probes.forEach((probe, i) => {
    const { cells, key } = ways[i]!;
    const group = groups.get(key);
    if (group) group.count++;
    else groups.set(key, { cells, count: 1, first: probe.name });
  });
  // Most probes first; groups of one size in the order their first probe was run (a stable sort).
  const rows = [...groups.values()].sort((a, b) => b.count - a.count).map((g) => [...g.cells, String(g.count), g.first]);
  return formatTable([['VERDICT', 'EXIT', 'FROM NETWORK', 'DIALLED NETWORK', 'RULE', 'EXPECTATIONS', 'PROBES', 'FIRST'], ...rows], kubectlTableOptions);
}

/** How a probe ended, as the glance table groups it: its cells in the table, and them as one key. */
interface WayOfEnding {
  cells: string[];
  key: string;
}

function wayOfEnding(probe: ProbeReport): WayOfEnding {
  const rule = probe.why.map((w) => /^(R\d+)[: ]/.exec(w)?.[1]).find((r) => r !== undefined) ?? '-';
  const cells = [probe.verdict, String(probe.exitCode), probe.sourceNetwork ?? '-', probe.dialedNetwork ?? '-', rule, probeResult(probe)];
  return { cells, key: cells.join('\t') };
}

/** Up to this many probes, each gets its section; past it, the first few of each way of ending do. */
export const MAX_PROBE_SECTIONS = 20;
const SECTIONS_PER_GROUP = 3;

/**
 * The probes whose sections are printed, in run order: all of them up to MAX_PROBE_SECTIONS; past
 * that, the first SECTIONS_PER_GROUP of each row of the glance table, and every probe whose
 * expectations failed. A generated cluster's 1 000 probes mostly end the same few ways; the JSON
 * output keeps every one.
 */
function probesToDetail(probes: readonly ProbeReport[], ways: readonly WayOfEnding[]): ProbeReport[] {
  if (probes.length <= MAX_PROBE_SECTIONS) return [...probes];
  const shownPerGroup = new Map<string, number>();
  return probes.filter((probe, i) => {
    const key = ways[i]!.key;
    const shown = shownPerGroup.get(key) ?? 0;
    shownPerGroup.set(key, shown + 1);
    return shown < SECTIONS_PER_GROUP || probeResult(probe) === 'not met';
  });
}

function probeText(probe: ProbeReport): string {
  const lines: string[] = [];
  lines.push(`at ${seconds(probe.atMs)} from ${probe.from ?? '(no pod)'}`);
  lines.push(`$ kubectl exec -n ${probe.from?.split('/')[0] ?? ''} ${probe.from ? `pod/${probe.from.split('/')[1]}` : ''} -- ${probe.command}`);
  if (probe.stdout) lines.push(probe.stdout.replace(/\n$/, ''));
  if (probe.stderr) lines.push(probe.stderr);
  lines.push(`exit code ${probe.exitCode} · verdict ${probe.verdict} · dialled ${probe.dialed ?? 'nothing'}${probe.dialedNetwork ? ` (network ${probe.dialedNetwork})` : ''} · ${probe.durationMs} ms`);
  const bySource = new Map<string, string[]>();
  for (const log of probe.logs) bySource.set(log.source, [...(bySource.get(log.source) ?? []), log.line]);
  for (const [source, logLines] of bySource) lines.push(`log of ${source}:`, ...logLines.map((l) => `  ${l}`));
  lines.push('why:', ...probe.why.map((w) => `  - ${w}`));
  const result = probeResult(probe);
  if (result === 'observed') lines.push('observed: no expectations, so nothing was checked (add expect: to the probe to check it)');
  else if (result === 'met') lines.push(`expectations met: ${Object.keys(probe.expect ?? {}).join(', ')}`);
  else lines.push(`EXPECTATIONS NOT MET:\n${probe.failures.map((f) => `  - ${f}`).join('\n')}`);
  return lines.join('\n');
}
