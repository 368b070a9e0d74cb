// A probe's `expect` (scenario.md): every key given must hold; each miss is said in words. A probe
// without expectations is observed, not met.
import type { ProbeOutcome } from '../../models/net/probe.js';
import type { ProbeExpect } from '../scenario/types.js';

export function checkExpectations(expect: ProbeExpect | undefined, outcome: ProbeOutcome): string[] {
  if (!expect) return [];
  const failures: string[] = [];
  if (expect.exitCode !== undefined && outcome.exitCode !== expect.exitCode) failures.push(`exitCode: expected ${expect.exitCode}, got ${outcome.exitCode}`);
  if (expect.stdoutContains !== undefined && !outcome.stdout.includes(expect.stdoutContains)) failures.push(`stdoutContains: stdout does not contain ${JSON.stringify(expect.stdoutContains)}`);
  if (expect.httpStatus !== undefined && outcome.httpStatus !== expect.httpStatus) failures.push(`httpStatus: expected ${expect.httpStatus}, got ${outcome.httpStatus ?? 'no HTTP answer'}`);
  if (expect.logContains !== undefined && !outcome.logs.some((l) => l.line.includes(expect.logContains!))) failures.push(`logContains: no log line the probe produced contains ${JSON.stringify(expect.logContains)}`);
  if (expect.dialedNetwork !== undefined && outcome.dialedNetwork !== expect.dialedNetwork) failures.push(`dialedNetwork: expected ${expect.dialedNetwork}, got ${outcome.dialedNetwork ?? 'nothing was dialled'}`);
  if (expect.verdict !== undefined && outcome.verdict !== expect.verdict) failures.push(`verdict: expected ${expect.verdict}, got ${outcome.verdict}`);
  return failures;
}

/**
 * What a probe's run says about the scenario: its expectations held (`met`), one did not (`not
 * met`), or it had none, so nothing was checked (`observed`). An empty `expect:` checks nothing.
 */
export type ProbeResult = 'met' | 'not met' | 'observed';

export function probeResult(probe: { expect?: ProbeExpect | null; pass: boolean }): ProbeResult {
  if (!probe.expect || Object.keys(probe.expect).length === 0) return 'observed';
  return probe.pass ? 'met' : 'not met';
}

/** The run's tally: probes by result, and how many `oc apply` steps the API server refused. */
export interface ResultSummary {
  met: number;
  notMet: number;
  observed: number;
  refused: number;
}

export function summariseResults(probes: ReadonlyArray<{ expect?: ProbeExpect | null; pass: boolean }>, refusals: number): ResultSummary {
  const summary: ResultSummary = { met: 0, notMet: 0, observed: 0, refused: refusals };
  for (const probe of probes) {
    const result = probeResult(probe);
    if (result === 'met') summary.met++;
    else if (result === 'not met') summary.notMet++;
    else summary.observed++;
  }
  return summary;
}
