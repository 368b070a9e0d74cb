// One measured simulation, in a process of its own so that its peak RSS is its own: generate the
// preset, load it, settle it, run its probes, check addresses are unique; print the phase times
// (ms) as JSON. Also times the floor: the same number of pods, slices and annotation strings built
// straight into a store, with no controllers and no events.
import { performance } from 'node:perf_hooks';
import { checkAddressesUnique } from '../sim/run/invariants.js';
import { loadScenario } from '../sim/scenario/load-scenario.js';
import { checkProbeCommands, runScenario } from '../sim/run/run-scenario.js';
import { generateScenario } from '../sim/generate/generate.js';
import { PRESETS } from '../sim/generate/params.js';
import { buildScaledCluster } from './fixtures.js';

export interface SimulationRunMetrics {
  preset: string;
  pods: number;
  generateMs: number;
  loadMs: number;
  simulateMs: number;
  probes: number;
  probesMs: number;
  floorMs: number;
  peakRssMb: number;
  duplicateAddresses: string[];
}

function measure(preset: string): SimulationRunMetrics {
  const params = PRESETS[preset];
  if (!params) throw new Error(`unknown preset ${preset}`);
  let start = performance.now();
  const text = generateScenario(params);
  const generateMs = performance.now() - start;
  start = performance.now();
  const loaded = loadScenario('generated.yaml', [], () => text);
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems.slice(0, 3)));
  const { requests } = checkProbeCommands(loaded.scenario);
  const loadMs = performance.now() - start;
  start = performance.now();
  let settledAt = 0;
  const result = runScenario(loaded.scenario, requests, { onSettled: () => (settledAt = performance.now()) });
  const end = performance.now();
  const duplicateAddresses = checkAddressesUnique(result.sim.store);
  const appPods = params.namespaces * params.deploymentsPerNamespace * params.replicas;
  const floorStart = performance.now();
  buildScaledCluster(Math.max(200, Math.round(appPods / 200) * 200));
  const floorMs = performance.now() - floorStart;
  return {
    preset,
    pods: result.sim.store.list('Pod').length,
    generateMs,
    loadMs,
    simulateMs: settledAt - start,
    probes: result.probes.length,
    probesMs: end - settledAt,
    floorMs,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
    duplicateAddresses,
  };
}

process.stdout.write(`${JSON.stringify(measure(process.argv[2] ?? 'medium'))}\n`);
