// sim compare's text at scale: the matrix, each variant's paragraph and the summary's probe names are
// cut to a readable size with a count of what was left out; the JSON keeps everything.
import { describe, expect, it } from 'vitest';
import type { Comparison, VariantResult } from '../../sim/compare/compare.js';
import { MAX_NAMES, MAX_VARIANT_LINES, renderCompareJson, renderCompareText } from '../../sim/report/compare-report.js';
import { MAX_TABLE_LINES } from '../../sim/report/text-report.js';

function comparison(probeCount: number, droppedCount: number): Comparison {
  const probes = Array.from({ length: probeCount }, (_, i) => `p${String(i).padStart(4, '0')}`);
  const variant = (source: string, cell: 'ok' | 'unreachable', isBaseline: boolean): VariantResult => ({
    variant: { name: source, ambientAddressSource: source, endpointSliceServiceLabel: 'kubernetes.io/service-name' },
    isBaseline,
    cells: probes.map((probe) => ({ probe, cell, verdict: cell === 'ok' ? 'delivered' : 'unreachable', dialed: '10.128.0.4:15008', reason: 'R2: …' })),
    droppedPods: isBaseline ? [] : Array.from({ length: droppedCount }, (_, i) => ({ pod: `ns/pod-${i}`, reason: 'no mirrored slice' })),
    fixes: isBaseline ? [] : probes,
    breaks: [],
    expectations: { met: 0, notMet: 0, observed: probeCount },
  });
  const baseline = variant('status-pod-ips', 'unreachable', true);
  const baselineSettingsSource = { 'istiod.ambientAddressSource': 'default', 'istiod.endpointSliceServiceLabel': 'default' } as const;
  return { scenario: 'big', probes, baseline: baseline.variant, baselineSettingsSource, sets: [], variants: [baseline, variant('mirrored-slice-strict', 'ok', false)] };
}

describe('sim compare text at scale', () => {
  it('cuts the matrix, the paragraphs and the names, and says how many more', () => {
    const text = renderCompareText(comparison(1000, 250));
    const lines = text.split('\n');
    expect(lines.filter((l) => /^p\d{4} /.test(l))).toHaveLength(MAX_TABLE_LINES);
    expect(text).toContain(`… and ${1000 - MAX_TABLE_LINES} more probes (sim compare FILE -o json)`);
    // The baseline's paragraph lists its failing probes; the fix's, the probes it changed.
    expect(lines.filter((l) => /^ {2}p\d{4}: unreachable \(dialled/.test(l))).toHaveLength(MAX_VARIANT_LINES);
    expect(lines.filter((l) => /^ {2}p\d{4}: unreachable → ok/.test(l))).toHaveLength(MAX_VARIANT_LINES);
    expect(lines.filter((l) => l === `  … and ${1000 - MAX_VARIANT_LINES} more probes (sim compare FILE -o json)`)).toHaveLength(2);
    expect(lines.filter((l) => l.startsWith('  left out of ztunnel, silently:'))).toHaveLength(MAX_VARIANT_LINES);
    expect(text).toContain(`  … and ${250 - MAX_VARIANT_LINES} more pods left out (sim compare FILE -o json)`);
    const names = Array.from({ length: MAX_NAMES }, (_, i) => `p${String(i).padStart(4, '0')}`).join(', ');
    expect(text).toContain(`  mirrored-slice-strict: 1000/1000 probes delivered ok; fixes 1000 (${names}, … and ${1000 - MAX_NAMES} more); breaks nothing; leaves 250 pod(s) out of ztunnel; expect: 0 met · 0 not met · 1000 observed`);
    expect(Math.max(...lines.map((l) => l.length))).toBeLessThan(400);
  });

  it('leaves a small comparison whole, and cuts each part only past its own limit', () => {
    const small = renderCompareText(comparison(MAX_NAMES, MAX_VARIANT_LINES));
    expect(small).not.toContain('… and');
    expect(small.split('\n').filter((l) => l.startsWith('  left out of ztunnel, silently:'))).toHaveLength(MAX_VARIANT_LINES);
    const fullMatrix = renderCompareText(comparison(MAX_TABLE_LINES, 0)).split('\n');
    expect(fullMatrix.filter((l) => /^p\d{4} /.test(l))).toHaveLength(MAX_TABLE_LINES);
    expect(fullMatrix.filter((l) => l.startsWith('… and'))).toEqual([]);
  });

  it('counts the probes delivered ok apart from how their expect: fared; a probe without expect: is observed', () => {
    const text = renderCompareText(comparison(3, 0));
    expect(text).toContain('  status-pod-ips*: 0/3 probes delivered ok; the scenario as written; expect: 0 met · 0 not met · 3 observed\n');
    expect(text).not.toMatch(/probes ok/);
    expect(text).toContain('cells: ok = delivered and answered below HTTP 500;');
  });

  it('says "no probes" for a scenario without any', () => {
    expect(renderCompareText(comparison(0, 0))).toContain('  status-pod-ips*: no probes; the scenario as written\n');
  });

  it('keeps everything in the JSON', () => {
    const parsed = JSON.parse(renderCompareJson(comparison(1000, 250))) as Comparison;
    expect(parsed.variants[1]!.cells).toHaveLength(1000);
    expect(parsed.variants[1]!.droppedPods).toHaveLength(250);
  });
});
