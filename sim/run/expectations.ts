// A probe's `expect` (scenario.md): every key given must hold; each miss is said in words.
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
