// Failure classes the fuzzers know about, each waiting for a product fix. The in-suite fuzz test
// tolerates these (and skips the cases that would hang it); `npm run fuzz` marks them "known".
// Add an entry only with the issue that will fix it, and remove it once the fix has landed: the test
// then holds the fix in place.
//
// Empty: the 18 classes found in December 2026 (prototype writes through --set, fractional and
// far-future times, sizes past the limits, deep and cyclic YAML, YAML warnings on the process,
// malformed node-subnets annotations, yargs dot notation and prototype options, usage errors that
// ran the command, sim generate's IPv6 host subnets and huge counts, sim docs' missing directory,
// --help bypassing the Io) are fixed, each with a test of its own; docs/reliability.md has the counts.
import type { FuzzCase } from './cases.js';
import type { Failure } from './run-case.js';

interface KnownFailure {
  id: string;
  matches(failure: Failure, fuzzCase: FuzzCase): boolean;
}

export const KNOWN_FAILURES: readonly KnownFailure[] = [];

/** The id of the known class the failure belongs to, if any (a hang or memory failure: why the test skips its case). */
export function knownFailure(failure: Failure, fuzzCase: FuzzCase): string | undefined {
  if (failure.kind === 'hang' || failure.kind === 'memory') return skipInProcess(fuzzCase);
  return KNOWN_FAILURES.find((known) => known.matches(failure, fuzzCase))?.id;
}

/** Why the case must not run in the test process (it would hang it), if so: none known today. */
export function skipInProcess(_fuzzCase: FuzzCase): string | undefined {
  return undefined;
}
