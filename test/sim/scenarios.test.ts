// Every scenario in scenarios/ against its committed expected report (text and JSON), run twice to
// prove the output is byte-identical for the same scenario and seed.
import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compareCommand, fixesSection, runCommand, type Io } from '../../sim/cli/main.js';
import { GENERATED_END, GENERATED_START } from '../../sim/report/fixes-doc.js';

const scenarios = readdirSync('scenarios').filter((f) => f.endsWith('.yaml')).sort();

function run(file: string, args: { sets?: string[]; output?: 'text' | 'json'; command?: typeof runCommand } = {}): { code: number; stdout: string; stderr: string } {
  let stdout = '';
  let stderr = '';
  const io: Io = { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), readFile: (p) => readFileSync(p, 'utf8') };
  const code = (args.command ?? runCommand)(file, args.sets ?? [], args.output ?? 'text', io);
  return { code, stdout, stderr };
}

describe.each(scenarios)('scenario %s', (file) => {
  it('prints the committed text report and meets its expectations', async () => {
    const result = run(`scenarios/${file}`);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    await expect(result.stdout).toMatchFileSnapshot(`../../scenarios/expected/${file.replace(/\.yaml$/, '.txt')}`);
  });

  it('prints the committed JSON report', async () => {
    const result = run(`scenarios/${file}`, { output: 'json' });
    expect(result.code).toBe(0);
    await expect(result.stdout).toMatchFileSnapshot(`../../scenarios/expected/${file.replace(/\.yaml$/, '.json')}`);
  });

  it('prints the committed `sim compare` matrix and exits 0', async () => {
    const result = run(`scenarios/${file}`, { command: compareCommand });
    expect(result.code).toBe(0);
    await expect(result.stdout).toMatchFileSnapshot(`../../scenarios/expected/${file.replace(/\.yaml$/, '.compare.txt')}`);
  });

  it('gives byte-identical output for the same scenario and seed', () => {
    expect(run(`scenarios/${file}`).stdout).toBe(run(`scenarios/${file}`).stdout);
    expect(run(`scenarios/${file}`, { output: 'json' }).stdout).toBe(run(`scenarios/${file}`, { output: 'json' }).stdout);
  });
});

describe('the seed reproduction', () => {
  const json = JSON.parse(run('scenarios/l3-cudn.yaml', { output: 'json' }).stdout) as {
    probes: Array<{ exitCode: number; dialed: string; dialedNetwork: string; durationMs: number; log: string[]; verdict: string }>;
  };
  const probe = json.probes[0]!;

  it('has curl exit 56 after ztunnel dials the default-network IP on the HBONE port', () => {
    expect(probe.exitCode).toBe(56);
    expect(probe.verdict).toBe('unreachable');
    expect(probe.dialedNetwork).toBe('default');
    expect(probe.dialed).toMatch(/^10\.\d+\.\d+\.\d+:15008$/);
  });

  it('logs the No-route-to-host line with dst.addr and dst.hbone_addr at the same 10.x address, after about 3 s', () => {
    const line = probe.log[0]!;
    const ip = /dst\.addr=(10\.[\d.]+):15008 dst\.hbone_addr=(10\.[\d.]+):8000/.exec(line);
    expect(ip?.[1]).toBe(ip?.[2]);
    expect(line).toContain('\terror\taccess\tconnection complete\t');
    expect(line).toMatch(/src\.addr=3\.3\.\d+\.\d+:\d+ /);
    expect(line).toContain('error="io error: No route to host (os error 113)"');
    expect(probe.durationMs).toBeGreaterThanOrEqual(3000);
    expect(probe.durationMs).toBeLessThan(3200);
  });

  it('shows two slices for httpbin: the default one at 10.x, the mirror at 3.3.x, both port 8000', () => {
    const text = run('scenarios/l3-cudn.yaml').stdout;
    const rows = text.split('\n').filter((l) => l.startsWith('httpbin ') && l.includes('IPv4'));
    expect(rows).toHaveLength(2);
    expect(rows.some((r) => /\s8000\s+10\.\d+\.\d+\.\d+\s/.test(r))).toBe(true);
    expect(rows.some((r) => /\s8000\s+3\.3\.\d+\.\d+\s/.test(r))).toBe(true);
  });

  it('passes end to end with --set istiod.ambientAddressSource=ovn-pod-networks, at UDN addresses', () => {
    const fixed = JSON.parse(run('scenarios/l3-cudn.yaml', { output: 'json', sets: ['istiod.ambientAddressSource=ovn-pod-networks'] }).stdout) as typeof json;
    const p = fixed.probes[0]!;
    expect(p.exitCode).toBe(0);
    expect(p.dialedNetwork).toBe('cluster_udn_ossm-l3-cudn');
    expect(p.log.some((l) => /\tinfo\taccess\t.*dst\.addr=3\.3\.[\d.]+:15008 .*direction="outbound"/.test(l))).toBe(true);
    expect(p.log.some((l) => /\tinfo\taccess\t.*dst\.addr=3\.3\.[\d.]+:15008 .*direction="inbound"/.test(l))).toBe(true);
  });
});

describe('sim run exit codes', () => {
  it('exits 1 and says which expectation failed when a probe does not meet it', () => {
    const result = run('scenarios/l3-cudn.yaml', { sets: ['probes[0].expect.exitCode=0'] });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('exitCode: expected 0, got 56');
  });

  it('exits 2 with FILE:LINE:COL: PATH: MESSAGE for a probe command it cannot model (here given by --set)', () => {
    const result = run('scenarios/l3-cudn.yaml', { sets: ['probes[0].exec.command=wget -q http://httpbin:8000/'] });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^--set:1:1: probes\[0\]\.exec\.command: only curl commands are modelled, not "wget"/);
  });

  it('exits 2 naming the field for a bad --set value', () => {
    const result = run('scenarios/l3-cudn.yaml', { sets: ['istiod.ambientAddressSource=pod-ips'] });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('istiod.ambientAddressSource');
  });
});

describe('docs/fixes.md', () => {
  it('carries the current compare matrix of every scenario (regenerate with npm run docs)', () => {
    const doc = readFileSync('docs/fixes.md', 'utf8');
    const generated = doc.slice(doc.indexOf(GENERATED_START), doc.indexOf(GENERATED_END) + GENERATED_END.length);
    const io: Io = { stdout: () => {}, stderr: () => {}, readFile: (p) => readFileSync(p, 'utf8') };
    expect(generated).toBe(fixesSection('scenarios', io));
  });
});

describe('sim compare -o json', () => {
  it('gives the same matrix as data: one variant per address source, cells per probe, fixes and breaks', () => {
    const result = run('scenarios/l3-cudn.yaml', { command: compareCommand, output: 'json' });
    expect(result.code).toBe(0);
    const comparison = JSON.parse(result.stdout) as {
      probes: string[];
      variants: Array<{ variant: { ambientAddressSource: string }; isBaseline: boolean; cells: Array<{ probe: string; cell: string }>; fixes: string[]; breaks: string[] }>;
    };
    expect(comparison.probes).toEqual(['sleep-to-httpbin']);
    expect(comparison.variants.map((v) => [v.variant.ambientAddressSource, v.cells[0]!.cell, v.isBaseline])).toEqual([
      ['status-pod-ips', 'unreachable', true],
      ['ovn-pod-networks', 'ok', false],
      ['network-status', 'ok', false],
      ['mirrored-slice-first', 'ok', false],
      ['mirrored-slice-strict', 'ok', false],
    ]);
    expect(comparison.variants[1]!.fixes).toEqual(['sleep-to-httpbin']);
    expect(comparison.variants.every((v) => v.breaks.length === 0)).toBe(true);
  });
});
