// `sim compare` output: probes × istiod variants, one paragraph per variant on what changed and
// why, and a closing summary a reviewer of a fix can quote.
import type { Comparison, VariantResult } from '../compare/compare.js';
import { describeSettingSource, ISTIOD_SETTINGS } from '../run/settings-source.js';
import { formatTable, kubectlTableOptions } from './tabwriter.js';
import { MAX_TABLE_LINES } from './text-report.js';

/** A comparison of a generated cluster's 1 000 probes is no reading matter in full: each variant's
 * paragraph shows this many lines of a kind, and a summary line this many probe names; the JSON
 * output (`-o json`) has everything. */
export const MAX_VARIANT_LINES = 20;
export const MAX_NAMES = 10;

const shortLabel = (label: string) => (label.startsWith('k8s.ovn.org/') ? 'eds:ovn' : 'eds:upstream');

function columnName(result: VariantResult, withLabels: boolean): string {
  const name = withLabels ? `${result.variant.ambientAddressSource}+${shortLabel(result.variant.endpointSliceServiceLabel)}` : result.variant.ambientAddressSource;
  return result.isBaseline ? `${name}*` : name;
}

export function renderCompareText(comparison: Comparison): string {
  const withLabels = new Set(comparison.variants.map((v) => v.variant.endpointSliceServiceLabel)).size > 1;
  const out: string[] = [];
  out.push(`Compare ${comparison.scenario}: ${comparison.variants.length} istiod variants`);
  out.push(`* = ${baselineText(comparison)}`);
  if (!withLabels) out.push('the mirrored-slice-* variants look slices up by k8s.ovn.org/service-name, as the fork builds that carry them do (W-5.2)');
  if (withLabels) out.push('eds:upstream / eds:ovn = istiod selects EndpointSlices (sidecar EDS, mirrored-slice lookups) by kubernetes.io/service-name / by k8s.ovn.org/service-name, the fork\'s switch (W-5.2)');
  out.push('cells: ok = delivered and answered below HTTP 500; isolated-by-design = OVN-K drops it across networks on purpose; else what the caller saw');
  out.push("expect: how the probes' own expect: fared under each variant (met · not met · observed = a probe without one, nothing checked)");
  out.push('');
  const rows = [['PROBE', ...comparison.variants.map((v) => columnName(v, withLabels))]];
  const shownProbes = comparison.probes.slice(0, MAX_TABLE_LINES);
  shownProbes.forEach((probe, i) => rows.push([probe, ...comparison.variants.map((v) => v.cells[i]!.cell)]));
  out.push(formatTable(rows, kubectlTableOptions).replace(/\n$/, ''));
  if (comparison.probes.length > shownProbes.length) out.push(`… and ${comparison.probes.length - shownProbes.length} more probes (sim compare FILE -o json)`);
  const baseline = comparison.variants.find((v) => v.isBaseline);
  for (const result of comparison.variants) {
    out.push('', `${columnName(result, withLabels)}: ${verdictLine(result, comparison.sets)}`);
    const lines: string[] = [];
    for (const [i, cell] of result.cells.entries()) {
      const before = baseline?.cells[i]?.cell;
      const changed = !result.isBaseline && before !== cell.cell;
      if (!changed && cell.cell === 'ok') continue;
      lines.push(`  ${cell.probe}: ${changed ? `${before} → ${cell.cell}` : cell.cell}${cell.dialed ? ` (dialled ${cell.dialed})` : ''}: ${cell.cell === 'isolated-by-design' ? 'isolated by design, not a bug: ' : ''}${cell.reason}`);
    }
    pushCapped(out, lines, 'probes');
    pushCapped(out, result.droppedPods.map((pod) => `  left out of ztunnel, silently: ${pod.pod}`), 'pods left out');
  }
  out.push('', 'Summary:');
  for (const result of comparison.variants) out.push(`  ${columnName(result, withLabels)}: ${verdictLine(result, comparison.sets)}`);
  return `${out.join('\n')}\n`;
}

/** The istiod every variant is compared with, each setting with where it came from: `--set` is not the scenario's. */
function baselineText(comparison: Comparison): string {
  const settings = ISTIOD_SETTINGS.map((s) => `${s}=${comparison.baseline[s]} (${describeSettingSource(comparison.baselineSettingsSource[`istiod.${s}`])})`);
  return `${comparison.sets.length ? 'the istiod of the scenario with its --set overrides' : "the scenario's own istiod"}: ${settings.join(', ')}`;
}

function verdictLine(result: VariantResult, sets: Comparison['sets']): string {
  const ok = result.cells.filter((c) => c.cell === 'ok').length;
  const designed = result.cells.filter((c) => c.cell === 'isolated-by-design').length;
  const parts = [result.cells.length ? `${ok}/${result.cells.length} probes delivered ok${designed ? `, ${designed} isolated by design` : ''}` : 'no probes'];
  if (result.isBaseline) parts.push(sets.length ? 'the scenario with its --set overrides' : 'the scenario as written');
  else {
    parts.push(result.fixes.length ? `fixes ${result.fixes.length} (${names(result.fixes)})` : 'fixes nothing');
    parts.push(result.breaks.length ? `breaks ${result.breaks.length} (${names(result.breaks)})` : 'breaks nothing');
  }
  if (result.droppedPods.length) parts.push(`leaves ${result.droppedPods.length} pod(s) out of ztunnel`);
  const { met, notMet, observed } = result.expectations;
  if (result.cells.length) parts.push(`expect: ${met} met · ${notMet} not met · ${observed} observed`);
  return parts.join('; ');
}

export function renderCompareJson(comparison: Comparison): string {
  return `${JSON.stringify(comparison, null, 2)}\n`;
}

function pushCapped(out: string[], lines: readonly string[], what: string): void {
  out.push(...lines.slice(0, MAX_VARIANT_LINES));
  if (lines.length > MAX_VARIANT_LINES) out.push(`  … and ${lines.length - MAX_VARIANT_LINES} more ${what} (sim compare FILE -o json)`);
}

function names(probes: readonly string[]): string {
  const shown = probes.slice(0, MAX_NAMES).join(', ');
  return probes.length > MAX_NAMES ? `${shown}, … and ${probes.length - MAX_NAMES} more` : shown;
}
