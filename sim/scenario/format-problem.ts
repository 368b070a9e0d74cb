// Prints a scenario problem as `FILE:LINE:COL: PATH: MESSAGE` (scenario.md "Exit status", style.md
// "Errors"). A problem without a path (a YAML syntax error) prints as `FILE:LINE:COL: MESSAGE`.
import type { ScenarioProblem } from './types.js';

export function formatProblem(problem: ScenarioProblem): string {
  const where = `${problem.file}:${problem.line}:${problem.col}`;
  const severity = problem.severity === 'error' ? '' : `${problem.severity}: `;
  const path = problem.path === '' ? '' : `${problem.path}: `;
  return `${where}: ${path}${severity}${problem.message}`;
}
