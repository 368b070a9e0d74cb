// The text report's probes at scale: a glance table, then sections for every probe up to a limit;
// past it, the first three of each way of ending and every probe whose expectations failed.
import { describe, expect, it } from 'vitest';
import { generateScenario } from '../../sim/generate/generate.js';
import { PRESETS } from '../../sim/generate/params.js';
import { MAX_PROBE_SECTIONS, renderTextReport } from '../../sim/report/text-report.js';
import { checkProbeCommands, runScenario, type ProbeReport, type RunResult } from '../../sim/run/run-scenario.js';
import { loadScenario } from '../../sim/scenario/load-scenario.js';

function run(probes: number): RunResult {
  const loaded = loadScenario('g.yaml', [], () => generateScenario({ ...PRESETS['small']!, probes }));
  if (!loaded.ok) throw new Error(loaded.problems.map((p) => p.message).join('; '));
  return runScenario(loaded.scenario, checkProbeCommands(loaded.scenario).requests);
}

const sections = (text: string) => [...text.matchAll(/^== Probe (\S+)$/gm)].map((m) => m[1]);
const wayOf = (p: ProbeReport) =>
  [p.verdict, p.exitCode, p.sourceNetwork, p.dialedNetwork, p.why.map((w) => /^(R\d+)[: ]/.exec(w)?.[1]).find(Boolean), p.expect === null ? '-' : p.pass].join('|');

describe('the text report of many probes', () => {
  const big = run(40);

  it('prints a section for every probe up to the limit', () => {
    const result = run(MAX_PROBE_SECTIONS);
    const text = renderTextReport(result);
    expect(sections(text)).toEqual(result.probes.map((p) => p.name));
    expect(text).not.toContain('more probes, each ending');
  });

  it('past it, the first three of each way of ending, with a count of the rest', () => {
    const ways = new Set(big.probes.map(wayOf));
    expect(ways.size).toBeGreaterThan(1); // the small preset's probes end several ways
    const seen = new Map<string, number>();
    const expected = big.probes.filter((p) => {
      const n = seen.get(wayOf(p)) ?? 0;
      seen.set(wayOf(p), n + 1);
      return n < 3;
    });
    const text = renderTextReport(big);
    expect(sections(text)).toEqual(expected.map((p) => p.name));
    expect(expected.length).toBeLessThan(big.probes.length);
    expect(text).toContain(`== … and ${big.probes.length - expected.length} more probes, each ending as its row of the table above says (sim run FILE -o json has every one)`);
    expect(text).toMatch(/== Probes at a glance \(40\)\nVERDICT +EXIT +FROM NETWORK +DIALLED NETWORK +RULE +EXPECTATIONS +PROBES +FIRST\n/);
  });

  it('always prints every probe whose expectations failed, however many end the same way', () => {
    // Five probes of the most common way, failing alike: one row of the table, all five printed.
    const ways = new Map<string, number[]>();
    big.probes.forEach((p, i) => ways.set(wayOf(p), [...(ways.get(wayOf(p)) ?? []), i]));
    const common = [...ways.values()].sort((a, b) => b.length - a.length)[0]!;
    expect(common.length).toBeGreaterThanOrEqual(5);
    const failed = new Set(common.slice(0, 5));
    const probes = big.probes.map((p, i) => (failed.has(i) ? { ...p, expect: { exitCode: 99 }, pass: false, failures: ['exit code 99 expected'] } : p));
    const text = renderTextReport({ ...big, probes, pass: false });
    for (const i of failed) expect(sections(text)).toContain(big.probes[i]!.name);
    expect(text.match(/EXPECTATIONS NOT MET:\n {2}- exit code 99 expected/g)).toHaveLength(5);
  });
});
