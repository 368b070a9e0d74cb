// `npm run fuzz -- --cases 10000 [--seed N] [--jobs 2]`: the long fuzz run, outside `npm test`.
// Cases run in worker processes (worker.ts); a case past --timeout seconds is a hang (its worker is
// killed and replaced), a worker whose peak RSS passes 1 GiB names the case that pushed it there,
// and a worker that dies (out of memory, a signal) is a crash of its case. `--case N` replays one.
// `--exec` runs each case as a real `sim` process instead (slower: Node starts for every case), which
// also sees what only the real CLI does: its own file reader (a FIFO, /dev/zero) and Node's warnings.
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { loadCorpus, repoRoot } from './corpus.js';
import { describeCase, makeCase } from './cases.js';
import { writeReproducer } from './reproducer.js';
import { execCase } from './exec-case.js';
import type { Corpus } from './corpus.js';
import type { CaseReport, WorkerMessage } from './worker.js';
import { knownFailure } from './known-failures.js';
import { FuzzTally, type CaseResult } from './tally.js';

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
  /** A worker's peak RSS above this is reported against the case that pushed it there. */
  memoryLimitKb: number;
  /** Run each case as a real `sim` process rather than in a worker. */
  exec: boolean;
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
      'memory-limit-mb': { type: 'string', default: '1024' },
      exec: { type: 'boolean', default: false },
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
    memoryLimitKb: integer('memory-limit-mb', values['memory-limit-mb'], 1) * 1024,
    exec: values.exec,
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
          const overMemory = report.maxRssKb > options.memoryLimitKb;
          const failures = [...report.failures];
          if (overMemory) failures.push({ kind: 'memory', key: `memory: worker RSS over ${options.memoryLimitKb / 1024} MiB`, message: `worker peak RSS ${Math.round(report.maxRssKb / 1024)} MiB after this case` });
          const { index, code, ms, maxRssKb, sizeBytes, description } = report;
          onResult({ index, code, ms, maxRssKb, sizeBytes, description, failures });
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

/** `--exec`: each case as its own `sim` process, `jobs` at a time, each in a folder of its own. */
async function execCases(options: Options, corpus: Corpus, indexes: number[], onResult: (result: CaseResult) => void): Promise<void> {
  const base = mkdtempSync(join(tmpdir(), 'udnsim-fuzz-exec-'));
  const queue = [...indexes];
  const limits = { timeoutMs: options.timeoutMs, memoryLimitKb: options.memoryLimitKb };
  const lane = async (): Promise<void> => {
    for (let index = queue.shift(); index !== undefined; index = queue.shift()) {
      const dir = join(base, String(index));
      onResult(await execCase(makeCase(corpus, options.seed, index), dir, limits));
      rmSync(dir, { recursive: true, force: true });
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(options.jobs, queue.length) }, lane));
  } finally {
    rmSync(base, { recursive: true, force: true });
  }
}

function rssNote(options: Options): string {
  if (options.exec) return "each case's own process: its maxRSS at exit, or its VmRSS read every 200 ms";
  const limitMb = options.memoryLimitKb / 1024;
  return `a worker's process.resourceUsage().maxRSS after each case, which bounds the peak of every case that worker ran; workers are replaced every ${CASES_PER_WORKER} cases and after any case over ${limitMb} MiB`;
}

async function main(): Promise<number> {
  const options = readOptions(process.argv.slice(2));
  const root = repoRoot();
  const corpus = loadCorpus(root);
  const indexes = options.only !== undefined ? [options.only] : Array.from({ length: options.cases }, (_, i) => i);
  const tally = new FuzzTally(options.seed, options.memoryLimitKb / 1024, rssNote(options));
  const startedAt = Date.now();
  const how = options.exec ? `${options.jobs} real sim process(es) at a time` : `${options.jobs} worker(s)`;
  console.log(`fuzzing ${indexes.length} case(s) of seed ${options.seed} with ${how}, ${options.timeoutMs / 1000} s per case`);
  const onResult = (result: CaseResult): void => {
    tally.add(result);
    if (options.only === undefined && tally.cases % 500 === 0) console.log(`  ${tally.progressLine(Date.now() - startedAt)}`);
  };
  if (options.exec) await execCases(options, corpus, indexes, onResult);
  else await runCases(options, indexes, onResult);
  const write = (index: number, findings: readonly string[]): string => {
    const fuzzCase = makeCase(corpus, options.seed, index);
    const reported = tally.results.find((result) => result.index === index)?.description;
    if (reported !== undefined && reported !== describeCase(fuzzCase)) {
      console.log(`warning: case ${index} came out differently in the worker (a fuzz generator bug):\n  worker: ${reported}\n  here:   ${describeCase(fuzzCase)}`);
    }
    return writeReproducer(options.outDir, fuzzCase, root, findings);
  };
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
