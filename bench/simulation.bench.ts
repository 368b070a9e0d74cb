// The whole simulation at 5 000 and 50 000 pods (presets `medium` and `seed-limit`), each run in a
// fresh process, several times; medians of the phase times, peak RSS, and the ratios that matter:
// 50 000 ÷ 5 000 (linear growth ≤ 12) and simulation ÷ floor (engine overhead, aim ≤ 5).
import { execFileSync } from 'node:child_process';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { NODE_FLAGS } from '../sim/cli/node-flags.js';
import type { SimulationRunMetrics } from './simulation-run.js';

export interface SimulationBenchResult {
  machine: { cpus: number; model: string; node: string };
  runs: number;
  presets: Array<{ preset: string; median: SimulationRunMetrics; all: SimulationRunMetrics[] }>;
  ratios: { simulate50kOver5k: number; simulateOverFloor: Record<string, number> };
  targets: Record<string, { value: number; target: string; met: boolean }>;
}

const RUNNER = fileURLToPath(new URL('./simulation-run.js', import.meta.url));

function runOnce(preset: string): SimulationRunMetrics {
  const out = execFileSync(process.execPath, [...NODE_FLAGS, RUNNER, preset], { encoding: 'utf8', maxBuffer: 1 << 26 });
  return JSON.parse(out.trim().split('\n').pop()!) as SimulationRunMetrics;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

export function runSimulationBench(runs = 3, presets = ['medium', 'seed-limit']): SimulationBenchResult {
  const results = presets.map((preset) => {
    const all = Array.from({ length: runs }, () => runOnce(preset));
    const pick = (key: keyof SimulationRunMetrics) => median(all.map((m) => m[key] as number));
    const median_: SimulationRunMetrics = {
      ...all[0]!,
      generateMs: pick('generateMs'),
      loadMs: pick('loadMs'),
      simulateMs: pick('simulateMs'),
      probesMs: pick('probesMs'),
      floorMs: pick('floorMs'),
      peakRssMb: pick('peakRssMb'),
      duplicateAddresses: all.flatMap((m) => m.duplicateAddresses),
    };
    return { preset, median: median_, all };
  });
  const small = results.find((r) => r.preset === 'medium')?.median;
  const big = results.find((r) => r.preset === 'seed-limit')?.median;
  const simulate50kOver5k = small && big ? big.simulateMs / small.simulateMs : NaN;
  const simulateOverFloor = Object.fromEntries(results.map((r) => [r.preset, r.median.simulateMs / r.median.floorMs]));
  const targets: SimulationBenchResult['targets'] = {};
  if (big) {
    targets['50k settles (load + simulate) ms'] = { value: big.loadMs + big.simulateMs, target: '< 10 000', met: big.loadMs + big.simulateMs < 10_000 };
    targets['50k peak RSS MB'] = { value: big.peakRssMb, target: '< 2 048', met: big.peakRssMb < 2048 };
    targets[`${big.probes} probes ms`] = { value: big.probesMs, target: '< 2 000', met: big.probesMs < 2000 };
    targets['simulate 50k ÷ 5k'] = { value: simulate50kOver5k, target: '≤ 12', met: simulate50kOver5k <= 12 };
    targets['simulate ÷ floor at 50k'] = { value: simulateOverFloor['seed-limit'] ?? NaN, target: '≤ 5 (aim)', met: (simulateOverFloor['seed-limit'] ?? Infinity) <= 5 };
  }
  const cpu = cpus();
  return { machine: { cpus: cpu.length, model: cpu[0]?.model ?? 'unknown', node: process.version }, runs, presets: results, ratios: { simulate50kOver5k, simulateOverFloor }, targets };
}

export function formatSimulationTable(result: SimulationBenchResult): string {
  const lines = [`whole simulation, median of ${result.runs} runs each in a fresh process (${result.machine.cpus} × ${result.machine.model}, node ${result.machine.node})`];
  lines.push('preset      pods    generate ms  load ms  simulate ms  probes  probes ms  floor ms  ×floor  peak RSS MB  duplicate addresses');
  for (const { preset, median: m } of result.presets) {
    lines.push(
      `${preset.padEnd(10)} ${String(m.pods).padStart(6)} ${m.generateMs.toFixed(0).padStart(12)} ${m.loadMs.toFixed(0).padStart(8)} ${m.simulateMs.toFixed(0).padStart(12)} ${String(m.probes).padStart(7)} ${m.probesMs.toFixed(0).padStart(10)} ${m.floorMs.toFixed(0).padStart(9)} ${(m.simulateMs / m.floorMs).toFixed(1).padStart(7)} ${m.peakRssMb.toFixed(0).padStart(12)}  ${m.duplicateAddresses.length}`,
    );
  }
  for (const [name, t] of Object.entries(result.targets)) lines.push(`${t.met ? 'met   ' : 'MISSED'} ${name}: ${t.value.toFixed(1)} (target ${t.target})`);
  return lines.join('\n');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const runs = Number(process.argv.find((a) => a.startsWith('--runs='))?.slice(7) ?? 3);
  console.log(formatSimulationTable(runSimulationBench(runs)));
}
