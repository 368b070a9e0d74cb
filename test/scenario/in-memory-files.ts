// Test helper: a readFile over an in-memory set of files, throwing like node:fs when one is missing.
import { loadScenario } from '../../sim/scenario/load-scenario.js';
import { formatProblem } from '../../sim/scenario/format-problem.js';
import type { LoadResult, Scenario } from '../../sim/scenario/types.js';

export function inMemoryFiles(files: Record<string, string>): (path: string) => string {
  return (path) => {
    const text = files[path];
    if (text !== undefined) return text;
    const error = new Error(`ENOENT: no such file or directory, open '${path}'`);
    Object.assign(error, { code: 'ENOENT', path });
    throw error;
  };
}

export const HEADER = 'apiVersion: udnsim/v1alpha1\nkind: Scenario\nmetadata:\n  name: demo\n';

/** Loads `s.yaml` with the given text (and other files), for tests. */
export function load(scenarioText: string, files: Record<string, string> = {}, sets: string[] = []): LoadResult {
  return loadScenario('s.yaml', sets, inMemoryFiles({ 's.yaml': scenarioText, ...files }));
}

export function loadOk(scenarioText: string, files: Record<string, string> = {}, sets: string[] = []): Scenario {
  const result = load(scenarioText, files, sets);
  if (!result.ok) throw new Error(`expected a valid scenario:\n${result.problems.map(formatProblem).join('\n')}`);
  return result.scenario;
}

/** Every problem as `FILE:LINE:COL: PATH: MESSAGE`. */
export function problemLines(scenarioText: string, files: Record<string, string> = {}, sets: string[] = []): string[] {
  const result = load(scenarioText, files, sets);
  return result.ok ? result.scenario.notes.map(formatProblem) : result.problems.map(formatProblem);
}
