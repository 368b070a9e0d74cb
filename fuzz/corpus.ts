// What the fuzzers start from: the shipped scenarios with the manifests they apply (read once from
// the repository) and small scenarios made by `sim generate`. Each is a set of files by relative
// path, the scenario at SCENARIO_FILE, so a case can be written to a directory and run there.
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { generateScenario } from '../sim/generate/generate.js';
import { PRESETS, checkParams, type GenerateParams } from '../sim/generate/params.js';
import type { Prng } from './prng.js';

export const SCENARIO_FILE = 'scenario.yaml';

export interface Seed {
  /** Where it came from: a shipped scenario's file name, or `generate {…}`. */
  origin: string;
  /** By path relative to the case directory; the scenario is at SCENARIO_FILE. */
  files: Map<string, string>;
}

export interface Corpus {
  shipped: Seed[];
}

/** The repository root: the nearest folder above this file with a package.json (source or dist). */
export function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    try {
      readFileSync(join(dir, 'package.json'));
      return dir;
    } catch {
      const parent = dirname(dir);
      if (parent === dir) throw new Error('no package.json above the fuzz folder');
      dir = parent;
    }
  }
}

/** Every scenarios/*.yaml with the manifest files its `apply` entries name. */
export function loadCorpus(root = repoRoot()): Corpus {
  const scenariosDir = join(root, 'scenarios');
  const names = readdirSync(scenariosDir).filter((name) => name.endsWith('.yaml')).sort();
  const shipped = names.map((name) => {
    const text = readFileSync(join(scenariosDir, name), 'utf8');
    const files = new Map([[SCENARIO_FILE, text]]);
    for (const file of manifestFiles(text)) files.set(file, readFileSync(join(scenariosDir, file), 'utf8'));
    return { origin: name, files };
  });
  return { shipped };
}

function manifestFiles(scenarioText: string): string[] {
  const doc = parse(scenarioText) as { apply?: Array<{ file?: unknown }> };
  return [...new Set((doc.apply ?? []).flatMap((entry) => (typeof entry.file === 'string' ? [entry.file] : [])))];
}

/** A small generated scenario (a few nodes, pods and probes), so a case stays cheap. */
export function generatedSeed(prng: Prng): Seed {
  const params: GenerateParams = {
    ...PRESETS['small']!,
    name: 'fuzz',
    seed: prng.between(1, 1000),
    nodes: prng.between(1, 4),
    namespaces: prng.between(1, 4),
    udnShare: prng.pick([0, 0.5, 1]),
    networks: prng.between(1, 2),
    topology: prng.pick(['Layer3', 'Layer2'] as const),
    deploymentsPerNamespace: prng.between(1, 2),
    replicas: prng.between(1, 2),
    ambientShare: prng.pick([0, 0.5, 1]),
    sidecarShare: 0,
    probes: prng.between(0, 4),
    istio: prng.chance(0.7),
  };
  if (params.ambientShare < 1) params.sidecarShare = prng.pick([0, 1 - params.ambientShare]);
  const problems = checkParams(params);
  if (problems.length > 0) throw new Error(`fuzz: generated parameters refused: ${problems.join('; ')}`);
  return { origin: `generate ${JSON.stringify(params)}`, files: new Map([[SCENARIO_FILE, generateScenario(params)]]) };
}

export function pickSeed(corpus: Corpus, prng: Prng): Seed {
  return prng.chance(0.25) ? generatedSeed(prng) : prng.pick(corpus.shipped);
}
