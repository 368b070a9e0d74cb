// Loads a scenario file into a Scenario (scenario.md "A scenario file"): applies `--set`, reads and
// admits every manifest, and reports every problem at FILE:LINE:COL (style.md "Errors").
import { describeReadError, readApply } from './read-apply.js';
import { readCluster, readIstiod } from './read-cluster.js';
import { readProbes } from './read-probes.js';
import { createReporter } from './reporter.js';
import { readMap } from './read-fields.js';
import type { MapReader } from './read-fields.js';
import { applySets, setAwareLocator } from './set-overrides.js';
import type { LoadResult, Scenario, ScenarioProblem } from './types.js';
import { parseYamlSource } from './yaml-source.js';
import type { YamlDocument } from './yaml-source.js';

export const SCENARIO_API_VERSION = 'udnsim/v1alpha1';
export const DEFAULT_SEED = 1;
export const DEFAULT_START_TIME = '2025-12-22T15:26:00Z';

const TOP_FIELDS = ['apiVersion', 'kind', 'metadata', 'seed', 'startTime', 'cluster', 'istiod', 'apply', 'probes'];
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_LABEL_RULE = 'is not a DNS label (lowercase letters, digits and "-", at most 63 characters)';
const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

export function loadScenario(file: string, sets: string[], readFile: (path: string) => string): LoadResult {
  const problems: ScenarioProblem[] = [];
  const doc = readScenarioDocument(file, readFile, problems);
  const scenario = doc && readScenario(file, doc, sets, readFile, problems);
  const sorted = sortProblems(problems);
  if (!scenario || sorted.some((problem) => problem.severity === 'error')) return { ok: false, problems: sorted };
  scenario.notes = sorted;
  return { ok: true, scenario };
}

function readScenarioDocument(
  file: string,
  readFile: (path: string) => string,
  problems: ScenarioProblem[],
): YamlDocument | undefined {
  const fail = (message: string): undefined => {
    problems.push({ file, line: 1, col: 1, path: '', message, severity: 'error' });
  };
  let text: string;
  try {
    text = readFile(file);
  } catch (error) {
    return fail(`cannot read file "${file}": ${describeReadError(error)}`);
  }
  const source = parseYamlSource(file, text);
  problems.push(...source.problems);
  if (source.problems.some((problem) => problem.severity === 'error')) return undefined;
  const [doc, extra] = source.documents;
  if (extra) {
    problems.push({ ...extra.source, path: '', message: 'a scenario file holds one YAML document', severity: 'error' });
  }
  return doc ?? fail('the scenario file is empty');
}

function readScenario(
  file: string,
  doc: YamlDocument,
  setArgs: string[],
  readFile: (path: string) => string,
  problems: ScenarioProblem[],
): Scenario | undefined {
  const overridden = applySets(doc.value, setArgs, problems);
  const r = createReporter(problems, setAwareLocator(doc, overridden.paths));
  const top = readMap(r, [], overridden.value, true);
  if (!top) return undefined;
  top.rejectUnknown(TOP_FIELDS);
  readHeader(top);
  const metadata = readMetadata(top);
  const cluster = readCluster(r, top.map['cluster']);
  const applied = readApply(r, top.map['apply'], { scenarioFile: file, readFile, problems, nodeCount: cluster.nodes.length });
  return {
    file,
    name: metadata.name,
    description: metadata.description,
    seed: readSeed(top),
    startTime: readStartTime(top),
    cluster,
    istiod: readIstiod(r, top.map['istiod']),
    objects: applied.objects,
    probes: readProbes(r, top.map['probes'], applied.complete ? applied.objects : undefined),
    notes: [],
    sets: overridden.sets,
  };
}

function readHeader(top: MapReader): void {
  const apiVersion = top.read('apiVersion', 'string', true);
  if (apiVersion !== undefined && apiVersion !== SCENARIO_API_VERSION) {
    top.r.report(top.at('apiVersion'), `expected apiVersion ${SCENARIO_API_VERSION}, got "${apiVersion}"`);
  }
  const kind = top.read('kind', 'string', true);
  if (kind !== undefined && kind !== 'Scenario') top.r.report(top.at('kind'), `expected kind Scenario, got "${kind}"`);
}

function readMetadata(top: MapReader): { name: string; description: string } {
  const metadata = top.child('metadata', true);
  metadata?.rejectUnknown(['name', 'description']);
  const name = metadata?.read('name', 'string', true);
  if (metadata && name !== undefined && (name.length > 63 || !DNS_LABEL.test(name))) {
    top.r.report(metadata.at('name'), `"${name}" ${DNS_LABEL_RULE}`);
  }
  return { name: name ?? '', description: metadata?.read('description', 'string') ?? '' };
}

function readSeed(top: MapReader): number {
  if (!top.has('seed')) return DEFAULT_SEED;
  const seed = top.read('seed', 'integer');
  if (seed !== undefined && seed < 0) top.r.report(top.at('seed'), 'expected a non-negative integer');
  return seed !== undefined && seed >= 0 ? seed : DEFAULT_SEED;
}

function readStartTime(top: MapReader): string {
  const startTime = top.read('startTime', 'string');
  if (startTime === undefined) return DEFAULT_START_TIME;
  if (RFC3339.test(startTime) && !Number.isNaN(Date.parse(startTime))) return startTime;
  top.r.report(top.at('startTime'), `expected an RFC 3339 time like ${DEFAULT_START_TIME}, got "${startTime}"`);
  return DEFAULT_START_TIME;
}

/** By file, then line, then column; stable, so problems at one place keep the order they were found. */
function sortProblems(problems: readonly ScenarioProblem[]): ScenarioProblem[] {
  return [...problems].sort((a, b) => compareText(a.file, b.file) || a.line - b.line || a.col - b.col);
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
