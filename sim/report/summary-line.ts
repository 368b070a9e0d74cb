// The closing verdict of `sim run`'s text report: met, not met and observed probes counted apart, so
// a run that checked nothing never reads as a pass; a failure names what did not hold, and says so
// when `--set` changed the scenario the probes' expect: was written for.
import { probeResult, summariseResults } from '../run/expectations.js';
import type { RunResult } from '../run/run-scenario.js';

/** A FAIL lists this many probes whose expectations did not hold; each has its section above. */
export const MAX_NOT_MET_LISTED = 5;

/** `--set` paths that write the expectations (or whole probes) rather than the cluster. */
const EXPECT_PATH = /^probes(\[\d+\])?(\.expect(\.|\[|$)|$)/;

export function renderSummary(result: RunResult): string[] {
  const summary = summariseResults(result.probes, result.refusals.length);
  const counts = `${summary.met} met · ${summary.notMet} not met · ${summary.observed} observed (no expectations)`;
  let line: string;
  if (summary.notMet > 0) line = `FAIL: ${counts}`;
  else if (summary.met > 0) line = `PASS: ${counts}`;
  else if (summary.observed > 0) line = `OBSERVED: ${summary.observed} probe(s) ran with no expectations; nothing was checked (add expect: to a probe to check it)`;
  else line = 'NO PROBES: the scenario has no probes; the cluster was built and nothing was checked';
  if (summary.refused > 0) line += ` · ${summary.refused} oc apply refused (see above)`;
  return [line, ...notMetLines(result)];
}

function notMetLines(result: RunResult): string[] {
  const notMet = result.probes.filter((p) => probeResult(p) === 'not met');
  if (notMet.length === 0) return [];
  const lines = notMet.slice(0, MAX_NOT_MET_LISTED).map((p) => `  ${p.name}: ${p.failures.join('; ')}`);
  if (notMet.length > MAX_NOT_MET_LISTED) lines.push(`  … and ${notMet.length - MAX_NOT_MET_LISTED} more not met (each has its section above)`);
  // A `--set` of an expect: (or of a whole probe) changes the expectation, not the scenario it describes.
  const changes = result.scenario.sets.filter((s) => !EXPECT_PATH.test(s.path));
  if (changes.length === 0) return lines;
  const given = changes.map((s) => `--set ${s.path}=${JSON.stringify(s.value)}`).join(' ');
  return [
    ...lines,
    `  Why: this run changed the scenario with ${given},`,
    `  but the probes' expect: describes the scenario as written in ${result.scenario.file}: an outcome`,
    '  the change altered is not met here even when the change fixes it (an expect: may describe the bug).',
    '  To check a fix, give it a scenario whose expect: describes the fixed outcome.',
  ];
}

