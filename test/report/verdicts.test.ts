// The run's verdict a reader cannot misread: met, not met and observed (no expectations) probes are
// counted apart, a run that checked nothing never says PASS, and `oc apply` refusals are counted.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runCommand, type Io } from '../../sim/cli/main.js';
import { generateScenario } from '../../sim/generate/generate.js';
import { PRESETS } from '../../sim/generate/params.js';
import { MAX_NOT_MET_LISTED, renderSummary } from '../../sim/report/summary-line.js';
import { renderTextReport } from '../../sim/report/text-report.js';
import { checkProbeCommands, runScenario, type ProbeReport, type RunResult } from '../../sim/run/run-scenario.js';
import { loadScenario } from '../../sim/scenario/load-scenario.js';

function run(file: string, sets: string[] = [], output: 'text' | 'json' = 'text', files: Record<string, string> = {}) {
  let stdout = '';
  let stderr = '';
  const io: Io = { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), readFile: (p) => files[p] ?? readFileSync(p, 'utf8') };
  const code = runCommand(file, sets, output, io);
  return { code, stdout, stderr };
}

const lastLines = (text: string, n: number) => text.replace(/\n$/, '').split('\n').slice(-n);

interface JsonReport {
  pass: boolean;
  summary: { met: number; notMet: number; observed: number; refused: number };
  probes: Array<{ name: string; pass: boolean; result: string; expect: object }>;
}

const loaded = loadScenario('scenarios/l3-cudn.yaml', [], (p) => readFileSync(p, 'utf8'));
if (!loaded.ok) throw new Error('l3-cudn.yaml does not load');
const seed: RunResult = runScenario(loaded.scenario, checkProbeCommands(loaded.scenario).requests);
const probe = seed.probes[0]!;
const met: ProbeReport = probe;
const notMet: ProbeReport = { ...probe, expect: { exitCode: 0 }, pass: false, failures: ['exitCode: expected 0, got 56'] };
const observed: ProbeReport = { ...probe, expect: null, pass: true, failures: [] };
const named = (p: ProbeReport, name: string): ProbeReport => ({ ...p, name });
const withProbes = (probes: ProbeReport[], extra: Partial<RunResult> = {}): RunResult => ({ ...seed, probes, pass: probes.every((p) => p.pass), ...extra });

describe('the summary line', () => {
  it('says FAIL with every count when some probe did not meet its expectations', () => {
    const result = withProbes([met, named(notMet, 'a'), named(notMet, 'b')]);
    expect(renderSummary(result)[0]).toBe('FAIL: 1 met · 2 not met · 0 observed (no expectations)');
  });

  it('says PASS only when at least one probe met its expectations, and counts the observed apart', () => {
    const probes = [met, met, met, ...Array.from({ length: 100 }, (_, i) => named(observed, `o${i}`))];
    expect(renderSummary(withProbes(probes))).toEqual(['PASS: 3 met · 0 not met · 100 observed (no expectations)']);
  });

  it('says OBSERVED, not PASS, when no probe has expectations', () => {
    const probes = Array.from({ length: 100 }, (_, i) => named(observed, `o${i}`));
    expect(renderSummary(withProbes(probes))).toEqual(['OBSERVED: 100 probe(s) ran with no expectations; nothing was checked (add expect: to a probe to check it)']);
  });

  it('counts an empty expect: as observed: it checks nothing', () => {
    expect(renderSummary(withProbes([{ ...probe, expect: {}, pass: true, failures: [] }]))[0]).toMatch(/^OBSERVED: 1 probe\(s\)/);
  });

  it('says NO PROBES when the scenario has none', () => {
    expect(renderSummary(withProbes([]))).toEqual(['NO PROBES: the scenario has no probes; the cluster was built and nothing was checked']);
  });

  it.each([
    ['FAIL', [met, notMet]],
    ['PASS', [met]],
    ['OBSERVED', [observed]],
    ['NO PROBES', []],
  ] as const)('appends the oc apply refusals to %s', (_form, probes) => {
    const refusal = { atMs: 0, source: { file: 'x.yaml', line: 1, col: 1 }, kind: 'ClusterUserDefinedNetwork', name: 'x', message: 'refused' };
    const line = renderSummary(withProbes([...probes], { refusals: [refusal, refusal] }))[0]!;
    expect(line).toMatch(/ · 2 oc apply refused \(see above\)$/);
  });

  it('under FAIL, names each probe that did not meet its expectations and what did not hold, up to a limit', () => {
    const probes = Array.from({ length: MAX_NOT_MET_LISTED + 2 }, (_, i) => named(notMet, `n${i}`));
    const lines = renderSummary(withProbes(probes));
    expect(lines.slice(1)).toEqual([
      ...probes.slice(0, MAX_NOT_MET_LISTED).map((p) => `  ${p.name}: exitCode: expected 0, got 56`),
      '  … and 2 more not met (each has its section above)',
    ]);
  });
});

describe('each probe in the text report says whether it was met, not met or observed', () => {
  it('in its section and in the glance table', () => {
    const text = renderTextReport(withProbes([named(met, 'm'), named(notMet, 'n'), named(observed, 'o')]));
    expect(text).toMatch(/== Probe m\n[^]*?\nexpectations met: exitCode, logContains, dialedNetwork, verdict\n/);
    expect(text).toMatch(/== Probe n\n[^]*?\nEXPECTATIONS NOT MET:\n {2}- exitCode: expected 0, got 56\n/);
    expect(text).toMatch(/== Probe o\n[^]*?\nobserved: no expectations, so nothing was checked \(add expect: to the probe to check it\)\n/);
    const glance = text.slice(text.indexOf('== Probes at a glance'), text.indexOf('== Probe m'));
    expect(glance.split('\n').filter((l) => l.startsWith('unreachable')).map((l) => / (met|not met|observed) +1 +(\S+)$/.exec(l)?.slice(1))).toEqual([
      ['met', 'm'],
      ['not met', 'n'],
      ['observed', 'o'],
    ]);
  });
});

describe('sim run end to end', () => {
  it('a generated scenario (no expect: anywhere) is OBSERVED, exits 0, and its JSON says so per probe', () => {
    const yaml = generateScenario({ ...PRESETS['small']!, probes: 6 });
    const text = run('g.yaml', [], 'text', { 'g.yaml': yaml });
    expect(text.code).toBe(0);
    expect(lastLines(text.stdout, 1)).toEqual(['OBSERVED: 6 probe(s) ran with no expectations; nothing was checked (add expect: to a probe to check it)']);
    expect(text.stdout).not.toMatch(/^PASS/m);
    const json = JSON.parse(run('g.yaml', [], 'json', { 'g.yaml': yaml }).stdout) as JsonReport;
    expect(json.summary).toEqual({ met: 0, notMet: 0, observed: 6, refused: 0 });
    expect(json.probes.map((p) => [p.result, p.pass])).toEqual(Array.from({ length: 6 }, () => ['observed', true]));
    expect(json.pass).toBe(true);
  });

  it('the seed scenario: PASS, 1 met, and result "met" in the JSON', () => {
    const text = run('scenarios/l3-cudn.yaml');
    expect(lastLines(text.stdout, 1)).toEqual(['PASS: 1 met · 0 not met · 0 observed (no expectations)']);
    const json = JSON.parse(run('scenarios/l3-cudn.yaml', [], 'json').stdout) as JsonReport;
    expect(json.summary).toEqual({ met: 1, notMet: 0, observed: 0, refused: 0 });
    expect(json.probes[0]).toMatchObject({ pass: true, result: 'met' });
  });

  it('a scenario with no probes and refused manifests: NO PROBES with the refusals counted, exit 0', () => {
    const text = run('scenarios/bad-cudn.yaml');
    const json = JSON.parse(run('scenarios/bad-cudn.yaml', [], 'json').stdout) as JsonReport & { refusals: unknown[] };
    expect(json.refusals.length).toBeGreaterThan(0);
    expect(json.summary).toEqual({ met: 0, notMet: 0, observed: 0, refused: json.refusals.length });
    expect(text.code).toBe(0);
    expect(lastLines(text.stdout, 1)).toEqual([`NO PROBES: the scenario has no probes; the cluster was built and nothing was checked · ${json.refusals.length} oc apply refused (see above)`]);
  });

  it('a failing expectation set by --set says FAIL and names it, without blaming a --set of the cluster', () => {
    const result = run('scenarios/l3-cudn.yaml', ['probes[0].expect.exitCode=0']);
    expect(result.code).toBe(1);
    expect(lastLines(result.stdout, 2)).toEqual(['FAIL: 0 met · 1 not met · 0 observed (no expectations)', '  sleep-to-httpbin: exitCode: expected 0, got 56']);
  });
});

describe("the README's fix command on the seed scenario", () => {
  const readme = readFileSync('README.md', 'utf8');
  const command = /npx sim run (scenarios\/l3-cudn\.yaml) --set (istiod\.ambientAddressSource=ovn-pod-networks)\n/.exec(readme);

  it('fixes the bug and says FAIL, naming the expectations that no longer hold and why', () => {
    expect(command).not.toBeNull();
    const result = run(command![1]!, [command![2]!]);
    const json = JSON.parse(run(command![1]!, [command![2]!], 'json').stdout) as JsonReport & { probes: Array<{ exitCode: number }> };
    expect(json.probes[0]).toMatchObject({ exitCode: 0, result: 'not met' });
    expect(result.code).toBe(1);
    const tail = lastLines(result.stdout, 6);
    expect(tail[0]).toBe('FAIL: 0 met · 1 not met · 0 observed (no expectations)');
    expect(tail[1]).toMatch(/^ {2}sleep-to-httpbin: exitCode: expected 56, got 0; .*verdict: expected unreachable, got delivered$/);
    expect(tail.slice(2).join('\n')).toBe(
      [
        '  Why: this run changed the scenario with --set istiod.ambientAddressSource="ovn-pod-networks",',
        "  but the probes' expect: describes the scenario as written in scenarios/l3-cudn.yaml: an outcome",
        '  the change altered is not met here even when the change fixes it (an expect: may describe the bug).',
        '  To check a fix, give it a scenario whose expect: describes the fixed outcome.',
      ].join('\n'),
    );
  });

  it('is explained in the README: the FAIL line the reader will see, and the scenario with the fix’s own expectations', () => {
    expect(readme).toContain('FAIL: 0 met · 1 not met · 0 observed (no expectations)');
    expect(readme).toContain('l3-cudn-ovn-pod-networks.yaml');
    expect(readme).toMatch(/exit code 0 instead of 56/);
  });
});
