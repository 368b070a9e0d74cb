// Failure classes the fuzzers already know about, each waiting for a product fix. The in-suite fuzz
// test tolerates these (and skips the cases that would hang it); `npm run fuzz` marks them "known".
// Remove an entry once its fix has landed: the test then holds the fix in place.
import { parse } from 'yaml';
import { SCENARIO_FILE } from './corpus.js';
import type { FuzzCase } from './cases.js';
import type { Failure } from './run-case.js';
import { durationValueMs, parseDurationMs } from '../sim/scenario/duration.js';

interface KnownFailure {
  id: string;
  matches(failure: Failure, fuzzCase: FuzzCase): boolean;
}

/** An exception with this message, caught in-process or (`--exec`) printed by the real process. */
const exception = (failure: Failure, pattern: RegExp): boolean => (failure.kind === 'exception' || failure.kind === 'stack-trace') && pattern.test(failure.message);
const setArgs = (fuzzCase: FuzzCase): string[] => fuzzCase.argv.flatMap((arg, i) => (fuzzCase.argv[i - 1] === '--set' ? [arg] : arg.startsWith('--set=') ? [arg.slice(6)] : []));
const hasMutation = (fuzzCase: FuzzCase, kind: string): boolean => fuzzCase.mutations.some((mutation) => mutation.kind === kind);
const hasArg = (fuzzCase: FuzzCase, ...args: string[]): boolean => fuzzCase.argv.some((arg) => args.includes(arg));

export const KNOWN_FAILURES: readonly KnownFailure[] = [
  // Known: `--set __proto__.hasOwnProperty=1` crashes; `--set __proto__.x=1` or `cluster.__proto__.nodes=1`
  // silently writes to Object.prototype (set-overrides.ts follows `__proto__` like any key).
  {
    id: 'set-through-prototype',
    matches: (failure, fuzzCase) =>
      (failure.kind === 'exception' || failure.kind === 'prototype-pollution') && setArgs(fuzzCase).some((set) => /(^|\.)(__proto__|prototype)(\.|\[|=)/.test(set)),
  },
  // Known: an `at` with a fraction of a millisecond (`apply: [{at: 0.5}]`) reaches the engine as is.
  { id: 'fractional-time', matches: (failure) => exception(failure, /scheduled at non-integer time/) },
  // Known: `cluster.nodes: 4294967296` (or 1e308) passes validation and Array.from refuses it.
  { id: 'huge-node-count', matches: (failure) => exception(failure, /Invalid array length/) && /readNodes/.test(failure.key) },
  // Known: `sim get … -o yaml` recurses once per level of a deeply nested manifest (~700 levels).
  {
    id: 'deep-nesting-stack-overflow',
    matches: (failure, fuzzCase) => exception(failure, /Maximum call stack size exceeded/) && hasMutation(fuzzCase, 'deep-nesting'),
  },
  // Found by the fuzzer: a YAML alias to its own ancestor (`spec: &s {x: *s}`) becomes a cyclic object,
  // and the first walker over it (canonicalJson for the pod-template hash, …) recurses until the stack ends.
  {
    id: 'cyclic-manifest-stack-overflow',
    matches: (failure, fuzzCase) => exception(failure, /Maximum call stack size exceeded/) && hasMutation(fuzzCase, 'circular-alias'),
  },
  // Found by the fuzzer: a Node with `k8s.ovn.org/node-subnets: '{"default":"10.128.0.0/23"}'` (the
  // single-string form, or any non-list) crashes the node subnet code (`subnets[n]?.join is not a function`,
  // or `invalid CIDR address: 1` from iterating the string).
  { id: 'node-subnets-annotation-not-a-list', matches: (failure) => exception(failure, /subnets\[n\]\?\.join is not a function|invalid CIDR address: \S( |$)/) },
  // Known: the `yaml` package's warnings (unresolved tags, `%` directives, collection keys) go to
  // process.emitWarning, which prints `(node:PID) …` on stderr instead of a FILE:LINE:COL problem.
  { id: 'yaml-warning-on-process', matches: (failure) => failure.kind === 'process-warning' && /YAMLWarning|Keys with collection values|tag/i.test(failure.message) },
  // Found by the fuzzer: a probe `at` past year 275 760 (e.g. 1e300) makes an access-log timestamp an Invalid Date.
  { id: 'probe-at-invalid-date', matches: (failure) => exception(failure, /Invalid time value/) },
  // Found by the fuzzer: `--set.x 1` (yargs dot notation) makes `set` an object; main calls args.set.map.
  { id: 'set-dot-notation', matches: (failure) => exception(failure, /args\.set\.map is not a function/) },
  // Found by the fuzzer: yargs keys such as `--constructor x` crash yargs' own validation.
  { id: 'yargs-prototype-option', matches: (failure) => exception(failure, /conflicting\[key\]\.forEach is not a function/) },
  // Found by the fuzzer: main's .fail() handler prints the usage error but does not stop yargs, so the
  // command still runs (`sim run F -o xml` prints a report and exits 0; `sim generate --preset nope`
  // crashes on the missing preset).
  {
    id: 'usage-error-runs-command',
    matches: (failure, fuzzCase) =>
      (failure.kind === 'exit-code' && failure.key.startsWith('usage error printed')) ||
      (fuzzCase.command === 'generate' && exception(failure, /Cannot convert undefined or null to object|reading 'indexOf'/)),
  },
  // Found by the fuzzer: `sim generate --cidr ::/0` (an IPv6 CIDR with a host subnet other than /64)
  // throws HostSubnetConfigError from capacityWarnings instead of reporting the flag.
  { id: 'generate-ipv6-host-subnet', matches: (failure) => exception(failure, /HostSubnetConfigError/) },
  // Found by the fuzzer: `sim generate --namespaces 1e308` passes checkParams (an integer) and Array.from refuses it.
  { id: 'generate-huge-namespaces', matches: (failure, fuzzCase) => exception(failure, /Invalid array length/) && fuzzCase.command === 'generate' },
  // Found by the fuzzer: `sim docs --scenarios DIR` with a missing DIR throws ENOENT from readdirSync.
  { id: 'docs-missing-dir', matches: (failure) => exception(failure, /ENOENT.*scandir/) },
  // Found by the fuzzer (in-process only): --help and --version print through console.log, not the
  // Io, and yargs calls process.exit(0) — main(argv, io) never returns to its caller.
  {
    id: 'help-bypasses-io',
    matches: (failure, fuzzCase) => (failure.kind === 'process-exit' || failure.kind === 'console') && hasArg(fuzzCase, '--help', '-h', '--version'),
  },
];

/** The id of the known class the failure belongs to, if any (a hang or memory failure: why the test skips its case). */
export function knownFailure(failure: Failure, fuzzCase: FuzzCase): string | undefined {
  if (failure.kind === 'hang' || failure.kind === 'memory') return skipInProcess(fuzzCase);
  return KNOWN_FAILURES.find((known) => known.matches(failure, fuzzCase))?.id;
}

/** A probe, apply entry or `sim get --at` this far in the future is skipped in-process (below). */
const FAR_FUTURE_MS = 1e8;
const GENERATE_WILD_FLAGS = new Set(['--networks', '--deploymentsPerNamespace', '--probes']);

/** Why the case must not run in the test process (it would hang it), if so. */
export function skipInProcess(fuzzCase: FuzzCase): string | undefined {
  // Found by the fuzzer: a probe or apply `at` far in the future (1e12 ms, `2562047h`, …) makes the
  // engine step through every periodic event (kubelet's CNI retries) up to it: `sim run` and
  // `sim get --at` run for minutes on subnet-exhaustion.yaml.
  if (farthestTimeMs(fuzzCase) > FAR_FUTURE_MS) return 'far-future-time-hangs';
  // Found by the fuzzer: `replicas: 4294967296` (above int32, which a real API server refuses) is
  // admitted, and the ReplicaSet controller creates pods until the heap runs out.
  if (replicaCounts(fuzzCase).some((count) => count >= 2 ** 31)) return 'huge-replicas-run-wild';
  // Found by the fuzzer: `sim generate --probes 4294967296` (or --networks, --deploymentsPerNamespace)
  // passes checkParams and loops until memory runs out.
  const wild = fuzzCase.command === 'generate' && fuzzCase.argv.some((arg, i) => GENERATE_WILD_FLAGS.has(fuzzCase.argv[i - 1] ?? '') && Number(arg) >= 2 ** 32);
  return wild ? 'generate-huge-counts-hang' : undefined;
}

/** Every `replicas:` number in the case's files and --set arguments. */
function replicaCounts(fuzzCase: FuzzCase): number[] {
  const texts = [...fuzzCase.files.values(), ...setArgs(fuzzCase).map((set) => set.replace(/^[^=]*\.replicas=/, 'replicas: '))];
  return texts.flatMap((text) => [...text.matchAll(/\breplicas:\s*(\d+)/g)].map((match) => Number(match[1])));
}

function farthestTimeMs(fuzzCase: FuzzCase): number {
  const times: Array<number | undefined> = [];
  const atFlag = fuzzCase.argv.indexOf('--at');
  if (atFlag >= 0) times.push(parseDurationMs(fuzzCase.argv[atFlag + 1] ?? ''));
  for (const set of setArgs(fuzzCase)) {
    const [path = '', value = ''] = set.split('=');
    if (/(^|\.)at$/.test(path)) times.push(durationValueMs(/^[\d.e+-]+$/i.test(value) ? Number(value) : value));
  }
  const scenario = readQuietly(fuzzCase.files.get(SCENARIO_FILE) ?? '');
  for (const section of ['apply', 'probes']) {
    const entries = scenario?.[section];
    if (Array.isArray(entries)) for (const entry of entries) times.push(durationValueMs((entry as Record<string, unknown> | null)?.['at']));
  }
  return Math.max(0, ...times.map((ms) => (ms === undefined || Number.isNaN(ms) ? 0 : ms)));
}

function readQuietly(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = parse(text, { logLevel: 'silent', maxAliasCount: 100 });
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
