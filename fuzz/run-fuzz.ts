// `npm run fuzz -- --cases 10000 [--seed N] [--jobs 2]`: the long fuzz run, outside `npm test`.
// Cases run in worker processes (worker.ts); a case past --timeout seconds is a hang (its worker is
// killed and replaced), a worker whose peak RSS passes 1 GiB names the case that pushed it there,
// and a worker that dies (out of memory, a signal) is a crash of its case. `--case N` replays one.
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { loadCorpus, repoRoot } from './corpus.js';
import { describeCase, makeCase } from './cases.js';
import { writeReproducer } from './reproducer.js';
import type { CaseReport, WorkerMessage } from './worker.js';
import { knownFailure } from './known-failures.js';
import { FuzzTally, type CaseResult } from './tally.js';

const MEMORY_LIMIT_KB = 1024 * 1024;
/** A worker is replaced after this many cases, so its peak RSS stays a close bound for the next ones. */
const CASES_PER_WORKER = 200;

interface Options {
  cases: number;
  seed: number;
  jobs: number;
  only?: number;
  timeoutMs: number;
  outDir: string;
  heapMb: number;
}

function readOptions(argv: string[]): Options {
  const { values } = parseArgs({
    args: argv,
    options: {
      cases: { type: 'string', default: '1000' },
      seed: { type: 'string', default: '1' },
      jobs: { type: 'string', default: '2' },
      case: { type: 'string' },
      timeout: { type: 'string', default: '30' },
      out: { type: 'string', default: 'fuzz-out' },
      'heap-mb': { type: 'string', default: '2048' },
    },
  });
  const integer = (name: string, text: string, min: number): number => {
    const value = Number(text);
    if (!Number.isSafeInteger(value) || value < min) throw new Error(`--${name} must be an integer of at least ${min}, not "${text}"`);
    return value;
  };
  const options: Options = {
    cases: integer('cases', values.cases, 1),
    seed: integer('seed', values.seed, 0),
    jobs: integer('jobs', values.jobs, 1),
    timeoutMs: integer('timeout', values.timeout, 1) * 1000,
    outDir: values.out,
    heapMb: integer('heap-mb', values['heap-mb'], 256),
  };
  if (values.case !== undefined) options.only = integer('case', values.case, 0);
  return options;
}

/** One worker process and the case it is running. */
interface Slot {
  child: ChildProcess;
  casesRun: number;
  current?: { index: number; timer: NodeJS.Timeout; startedAt: number };
}

async function runCases(options: Options, indexes: number[], onResult: (result: CaseResult) => void): Promise<void> {
  const workerFile = join(fileURLToPath(new URL('.', import.meta.url)), 'worker.js');
  const cwd = mkdtempSync(join(tmpdir(), 'udnsim-fuzz-'));
  const queue = [...indexes];
  try {
    await new Promise<void>((resolveAll, rejectAll) => {
      let running = 0;
      const start = (): void => {
        running++;
        const slot: Slot = { child: fork(workerFile, [], { cwd, execArgv: [`--max-old-space-size=${options.heapMb}`], stdio: ['ignore', 'ignore', 'pipe', 'ipc'] }), casesRun: 0 };
        let stderrTail = '';
        slot.child.stderr?.on('data', (chunk: Buffer) => (stderrTail = (stderrTail + chunk.toString()).slice(-2000)));
        const next = (): void => {
          const index = queue.shift();
          if (index === undefined || slot.casesRun >= CASES_PER_WORKER) return retire(index);
          const timer = setTimeout(() => {
            onResult({ index, hang: true, ms: options.timeoutMs, failures: [{ kind: 'hang', key: `hang: still running after ${options.timeoutMs / 1000} s`, message: `still running after ${options.timeoutMs / 1000} s (worker killed)` }] });
            slot.current = undefined;
            slot.child.kill('SIGKILL');
          }, options.timeoutMs);
          slot.current = { index, timer, startedAt: Date.now() };
          slot.child.send({ seed: options.seed, index });
        };
        const retire = (unstarted: number | undefined): void => {
          if (unstarted !== undefined) queue.unshift(unstarted);
          slot.child.kill();
        };
        let ready = false;
        slot.child.on('message', (message: WorkerMessage) => {
          if ('ready' in message) {
            ready = true;
            return next();
          }
          const current = slot.current;
          if (!current || current.index !== message.report.index) return;
          clearTimeout(current.timer);
          slot.current = undefined;
          slot.casesRun++;
          const report: CaseReport = message.report;
          const overMemory = report.maxRssKb > MEMORY_LIMIT_KB;
          const failures = [...report.failures];
          if (overMemory) failures.push({ kind: 'memory', key: 'memory: worker RSS over 1 GiB', message: `worker peak RSS ${Math.round(report.maxRssKb / 1024)} MiB after this case` });
          onResult({ index: report.index, code: report.code, ms: report.ms, maxRssKb: report.maxRssKb, sizeBytes: report.sizeBytes, failures });
          if (overMemory) slot.casesRun = CASES_PER_WORKER; // a fresh worker measures the next cases alone
          next();
        });
        slot.child.on('exit', (code, signal) => {
          running--;
          if (!ready) return rejectAll(new Error(`a worker died before it was ready (${signal ?? `exit code ${code}`}): ${stderrTail.trim()}`));
          const current = slot.current;
          if (current) {
            clearTimeout(current.timer);
            const why = signal ?? `exit code ${code}`;
            const oom = /heap out of memory|Allocation failed/i.test(stderrTail);
            const key = oom ? 'worker died: JavaScript heap out of memory' : `worker died: ${why}`;
            onResult({ index: current.index, ms: Date.now() - current.startedAt, failures: [{ kind: oom ? 'memory' : 'exception', key, message: `${key}; stderr: ${stderrTail.trim().split('\n').slice(-3).join(' | ')}` }] });
          }
          if (queue.length > 0) start();
          else if (running === 0) resolveAll();
        });
      };
      for (let i = 0; i < Math.min(options.jobs, queue.length); i++) start();
    });
  } finally {
    rmSync(cwd, { recursive: true, force: true });
  }
}

async function main(): Promise<number> {
  const options = readOptions(process.argv.slice(2));
  const root = repoRoot();
  const corpus = loadCorpus(root);
  const indexes = options.only !== undefined ? [options.only] : Array.from({ length: options.cases }, (_, i) => i);
  const tally = new FuzzTally(options.seed);
  const startedAt = Date.now();
  console.log(`fuzzing ${indexes.length} case(s) of seed ${options.seed} with ${options.jobs} worker(s), ${options.timeoutMs / 1000} s per case`);
  await runCases(options, indexes, (result) => {
    tally.add(result);
    if (options.only === undefined && tally.cases % 500 === 0) console.log(`  ${tally.progressLine(Date.now() - startedAt)}`);
  });
  const write = (index: number, findings: readonly string[]): string => writeReproducer(options.outDir, makeCase(corpus, options.seed, index), root, findings);
  if (options.only !== undefined) {
    const fuzzCase = makeCase(corpus, options.seed, options.only);
    console.log(describeCase(fuzzCase));
    const result = tally.results[0];
    console.log(`exit ${result?.code ?? '-'}, ${Math.round(result?.ms ?? 0)} ms`);
    for (const failure of result?.failures ?? []) console.log(`  ${failure.message}${knownFailure(failure, fuzzCase) ? `  [known: ${knownFailure(failure, fuzzCase)}]` : ''}`);
    console.log(`reproducer: ${write(options.only, (result?.failures ?? []).map((f) => f.message))}`);
  }
  console.log(tally.summary(Date.now() - startedAt, write, (index) => makeCase(corpus, options.seed, index)));
  return tally.failingCases > 0 ? 1 : 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(`fuzz: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 2;
  },
);
