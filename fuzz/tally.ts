// The fuzz run's counts and failure classes, and the summary printed at its end: each class with
// its count, its first and its smallest case, and where their reproducers were written.
import type { FuzzCase } from './cases.js';
import { knownFailure } from './known-failures.js';
import type { Failure } from './run-case.js';

export interface CaseResult {
  index: number;
  code?: number;
  ms: number;
  maxRssKb?: number;
  sizeBytes?: number;
  /** The case as the worker made it, when the worker reported. */
  description?: string;
  hang?: boolean;
  /** Why the case was not run (`--exec`: an argv a process cannot be given). */
  skipped?: string;
  failures: Failure[];
}

interface FailureClass {
  key: string;
  kind: Failure['kind'];
  message: string;
  count: number;
  first: number;
  smallest: { index: number; sizeBytes: number };
}

const CRASH_KINDS = new Set<Failure['kind']>(['exception', 'stack-trace', 'exit-code']);
const IO_KINDS = new Set<Failure['kind']>(['process-exit', 'console', 'process-warning']);

export class FuzzTally {
  readonly results: CaseResult[] = [];
  private readonly classes = new Map<string, FailureClass>();
  private readonly exits = new Map<string, number>();
  private readonly byKind = new Map<Failure['kind'], number>();
  private maxRssKb = 0;
  private slowest = { index: -1, ms: 0 };

  constructor(
    private readonly seed: number,
    private readonly memoryLimitMb: number,
    /** How the peak RSS was measured, said under the number. */
    private readonly rssNote: string,
  ) {}

  get cases(): number {
    return this.results.length;
  }

  /** Cases with at least one failure of any kind. */
  get failingCases(): number {
    return this.results.filter((result) => result.failures.length > 0).length;
  }

  add(result: CaseResult): void {
    this.results.push(result);
    const exit = result.skipped !== undefined ? 'skipped' : result.hang ? 'hang' : result.code === undefined ? 'none' : String(result.code);
    this.exits.set(exit, (this.exits.get(exit) ?? 0) + 1);
    this.maxRssKb = Math.max(this.maxRssKb, result.maxRssKb ?? 0);
    if (result.ms > this.slowest.ms && !result.hang) this.slowest = { index: result.index, ms: result.ms };
    for (const kind of new Set(result.failures.map((failure) => failure.kind))) this.byKind.set(kind, (this.byKind.get(kind) ?? 0) + 1);
    for (const failure of result.failures) {
      const size = result.sizeBytes ?? Number.MAX_SAFE_INTEGER;
      const known = this.classes.get(failure.key);
      if (!known) {
        this.classes.set(failure.key, { key: failure.key, kind: failure.kind, message: failure.message, count: 1, first: result.index, smallest: { index: result.index, sizeBytes: size } });
        continue;
      }
      known.count++;
      if (size < known.smallest.sizeBytes) known.smallest = { index: result.index, sizeBytes: size };
    }
  }

  /** The numbers of the cases with a failure of this class, in order. */
  private casesOf(key: string): number[] {
    return this.results.filter((result) => result.failures.some((failure) => failure.key === key)).map((result) => result.index).sort((a, b) => a - b);
  }

  progressLine(elapsedMs: number): string {
    return `${this.cases} cases, ${this.failingCases} failing, ${this.classes.size} failure classes, ${Math.round(elapsedMs / 1000)} s`;
  }

  private casesOfKinds(kinds: ReadonlySet<Failure['kind']>): number {
    return this.results.filter((result) => result.failures.some((failure) => kinds.has(failure.kind))).length;
  }

  summary(elapsedMs: number, write: (index: number, findings: readonly string[]) => string, caseOf: (index: number) => FuzzCase): string {
    const exit = (key: string): number => this.exits.get(key) ?? 0;
    const kind = (k: Failure['kind']): number => this.byKind.get(k) ?? 0;
    const otherExits = [...this.exits.entries()].filter(([key]) => !['0', '1', '2', 'hang', 'none', 'skipped'].includes(key)).reduce((sum, [, n]) => sum + n, 0);
    const lines = [
      '',
      `fuzz summary (seed ${this.seed})`,
      `  cases            ${this.cases}`,
      `  exit 0 / 1 / 2   ${exit('0')} / ${exit('1')} / ${exit('2')}${exit('skipped') > 0 ? `  (${exit('skipped')} not run: a NUL byte in argv cannot reach a process)` : ''}`,
      `  crashes          ${this.casesOfKinds(CRASH_KINDS)}  (exception ${kind('exception')}, stack trace in output ${kind('stack-trace')}, exit 70 or another code ${otherExits}, usage error ignored ${kind('exit-code') - otherExits})`,
      `  hangs            ${kind('hang')}`,
      `  memory           ${kind('memory')}  (peak RSS over ${this.memoryLimitMb} MiB, or out of heap)`,
      `  polluted         ${kind('prototype-pollution')}  (a built-in prototype changed by the case; put back before the next one)`,
      `  io violations    ${this.casesOfKinds(IO_KINDS)}  (process.exit ${kind('process-exit')}, console.* ${kind('console')}, process.emitWarning ${kind('process-warning')})`,
      `  max peak RSS     ${Math.round(this.maxRssKb / 1024)} MiB  (${this.rssNote})`,
      `  slowest case     ${this.slowest.index < 0 ? '-' : `case ${this.slowest.index}, ${(this.slowest.ms / 1000).toFixed(2)} s`}`,
      `  elapsed          ${(elapsedMs / 1000).toFixed(1)} s`,
    ];
    const classes = [...this.classes.values()].sort((a, b) => b.count - a.count || a.first - b.first);
    lines.push('', `failure classes: ${classes.length}`);
    for (const failureClass of classes) {
      const { count, first, smallest, message, key } = failureClass;
      const known = knownFailure({ kind: failureClass.kind, key, message }, caseOf(first));
      lines.push(`  [${count}] ${key}${known ? `   (known: ${known})` : ''}`, `      e.g. ${message}`);
      const firstDir = write(first, [message]);
      const smallestDir = smallest.index === first ? firstDir : write(smallest.index, [message]);
      if (count > 1 && count <= 20) lines.push(`      cases: ${this.casesOf(key).join(', ')}`);
      lines.push(`      first case ${first}: ${firstDir}`);
      if (smallest.index !== first) lines.push(`      smallest case ${smallest.index} (${smallest.sizeBytes} bytes): ${smallestDir}`);
    }
    return lines.join('\n');
  }
}
