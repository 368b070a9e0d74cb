// `sim compare` output: probes × istiod variants, one paragraph per variant on what changed and
// why, and a closing summary a reviewer of a fix can quote.
import type { Comparison, VariantResult } from '../compare/compare.js';
import { formatTable, kubectlTableOptions } from './tabwriter.js';

const shortLabel = (label: string) => (label.startsWith('k8s.ovn.org/') ? 'eds:ovn' : 'eds:upstream');

function columnName(result: VariantResult, withLabels: boolean): string {
  const name = withLabels ? `${result.variant.ambientAddressSource}+${shortLabel(result.variant.endpointSliceServiceLabel)}` : result.variant.ambientAddressSource;
  return result.isBaseline ? `${name}*` : name;
}

export function renderCompareText(comparison: Comparison): string {
  const withLabels = new Set(comparison.variants.map((v) => v.variant.endpointSliceServiceLabel)).size > 1;
  const out: string[] = [];
  out.push(`Compare ${comparison.scenario}: ${comparison.variants.length} istiod variants`);
  out.push(`* = the scenario's own istiod (ambientAddressSource=${comparison.baseline.ambientAddressSource}, endpointSliceServiceLabel=${comparison.baseline.endpointSliceServiceLabel})`);
  if (!withLabels) out.push('the mirrored-slice-* variants look slices up by k8s.ovn.org/service-name, as the fork builds that carry them do (W-5.2)');
  if (withLabels) out.push('eds:upstream / eds:ovn = istiod selects EndpointSlices (sidecar EDS, mirrored-slice lookups) by kubernetes.io/service-name / by k8s.ovn.org/service-name, the fork\'s switch (W-5.2)');
  out.push('');
  const rows = [['PROBE', ...comparison.variants.map((v) => columnName(v, withLabels))]];
  comparison.probes.forEach((probe, i) => rows.push([probe, ...comparison.variants.map((v) => v.cells[i]!.cell)]));
  out.push(formatTable(rows, kubectlTableOptions).replace(/\n$/, ''));
  const baseline = comparison.variants.find((v) => v.isBaseline);
  for (const result of comparison.variants) {
    out.push('', `${columnName(result, withLabels)}: ${verdictLine(result)}`);
    for (const [i, cell] of result.cells.entries()) {
      const before = baseline?.cells[i]?.cell;
      const changed = !result.isBaseline && before !== cell.cell;
      if (!changed && cell.cell === 'ok') continue;
      out.push(`  ${cell.probe}: ${changed ? `${before} → ${cell.cell}` : cell.cell}${cell.dialed ? ` (dialled ${cell.dialed})` : ''}: ${cell.cell === 'isolated-by-design' ? 'isolated by design, not a bug: ' : ''}${cell.reason}`);
    }
    for (const pod of result.droppedPods) out.push(`  left out of ztunnel, silently: ${pod.pod}`);
  }
  out.push('', 'Summary:');
  for (const result of comparison.variants) out.push(`  ${columnName(result, withLabels)}: ${verdictLine(result)}`);
  return `${out.join('\n')}\n`;
}

function verdictLine(result: VariantResult): string {
  const ok = result.cells.filter((c) => c.cell === 'ok').length;
  const designed = result.cells.filter((c) => c.cell === 'isolated-by-design').length;
  const parts = [`${ok}/${result.cells.length} probes ok${designed ? `, ${designed} isolated by design` : ''}`];
  if (result.isBaseline) parts.push('the scenario as written');
  else {
    parts.push(result.fixes.length ? `fixes ${result.fixes.length} (${result.fixes.join(', ')})` : 'fixes nothing');
    parts.push(result.breaks.length ? `breaks ${result.breaks.length} (${result.breaks.join(', ')})` : 'breaks nothing');
  }
  if (result.droppedPods.length) parts.push(`leaves ${result.droppedPods.length} pod(s) out of ztunnel`);
  return parts.join('; ');
}

export function renderCompareJson(comparison: Comparison): string {
  return `${JSON.stringify(comparison, null, 2)}\n`;
}
