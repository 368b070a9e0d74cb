// Collects scenario problems with their positions, so loading reports every problem at once
// (style.md "Errors": collect every problem, print FILE:LINE:COL: PATH: MESSAGE).
import { formatPath } from './format-path.js';
import type { Locator, Path, ScenarioProblem } from './types.js';

export type Severity = ScenarioProblem['severity'];

export interface Reporter {
  /** Positions for paths relative to this reporter. */
  locate: Locator;
  report(path: Path, message: string, severity?: Severity): void;
  /** `PATH is required`, with the path as seen from this reporter. */
  required(path: Path): void;
  /** A reporter for paths below `prefix`; problems still show the full path. */
  within(prefix: Path): Reporter;
  /** Number of errors reported so far through any reporter sharing this list. */
  errorCount(): number;
}

export function createReporter(problems: ScenarioProblem[], locate: Locator, shownPrefix: Path = []): Reporter {
  const report = (path: Path, message: string, severity: Severity = 'error'): void => {
    problems.push({ ...locate(path), path: formatPath([...shownPrefix, ...path]), message, severity });
  };
  return {
    locate,
    report,
    required: (path) => report(path, `${formatPath(path)} is required`),
    within: (prefix) => createReporter(problems, (path) => locate([...prefix, ...path]), [...shownPrefix, ...prefix]),
    errorCount: () => problems.filter((problem) => problem.severity === 'error').length,
  };
}
