// `npm run fuzz -- --cases 10000 [--seed N] [--jobs 2]`: the long fuzz run, outside `npm test`.
// Cases run in worker processes (worker-pool.ts): a case past --timeout seconds is a hang, a worker
// whose peak RSS passes 1 GiB names the case that pushed it there, and a worker that dies (out of
// memory, a signal) is a crash of its case. `--case N[,M…]` replays cases.
// `--exec` runs each case as a real `sim` process instead (slower: Node starts for every case), which
// also sees what only the real CLI does: its own file reader (a FIFO, /dev/zero) and Node's warnings.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadCorpus, repoRoot } from './corpus.js';
import { describeCase, makeCase, type FuzzCase } from './cases.js';
import { writeReproducer } from './reproducer.js';
import { execCase } from './exec-case.js';
import type { Corpus } from './corpus.js';
import { CASES_PER_WORKER, runInWorkers } from './worker-pool.js';
import { knownFailure } from './known-failures.js';
import { FuzzTally, type CaseResult } from './tally.js';

interface Options {
  cases: number;
  seed: number;
  jobs: number;
  /** `--case N[,M…]`: replay these cases only. */
  only?: number[];
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
  if (values.case !== undefined) options.only = values.case.split(',').map((text) => integer('case', text.trim(), 0));
  return options;
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
  const indexes = options.only ?? Array.from({ length: options.cases }, (_, i) => i);
  const tally = new FuzzTally(options.seed, options.memoryLimitKb / 1024, rssNote(options));
  const startedAt = Date.now();
  const how = options.exec ? `${options.jobs} real sim process(es) at a time` : `${options.jobs} worker(s)`;
  console.log(`fuzzing ${indexes.length} case(s) of seed ${options.seed} with ${how}, ${options.timeoutMs / 1000} s per case`);
  const onResult = (result: CaseResult): void => {
    tally.add(result);
    if (options.only === undefined && tally.cases % 500 === 0) console.log(`  ${tally.progressLine(Date.now() - startedAt)}`);
  };
  if (options.exec) await execCases(options, corpus, indexes, onResult);
  else await runInWorkers(options, indexes, onResult);
  const write = reproducerWriter(options, corpus, root, tally);
  for (const index of options.only ?? []) printReplay(makeCase(corpus, options.seed, index), tally.results.find((result) => result.index === index), write);
  console.log(tally.summary(Date.now() - startedAt, write, (index) => makeCase(corpus, options.seed, index)));
  return tally.failingCases > 0 ? 1 : 0;
}

/** Writes a case's reproducer, first checking that it comes out here as it did where it ran. */
function reproducerWriter(options: Options, corpus: Corpus, root: string, tally: FuzzTally): (index: number, findings: readonly string[]) => string {
  return (index, findings) => {
    const fuzzCase = makeCase(corpus, options.seed, index);
    const reported = tally.results.find((result) => result.index === index)?.description;
    if (reported !== undefined && reported !== describeCase(fuzzCase)) {
      console.log(`warning: case ${index} came out differently in the worker (a fuzz generator bug):\n  worker: ${reported}\n  here:   ${describeCase(fuzzCase)}`);
    }
    return writeReproducer(options.outDir, fuzzCase, root, findings);
  };
}

function printReplay(fuzzCase: FuzzCase, result: CaseResult | undefined, write: (index: number, findings: readonly string[]) => string): void {
  console.log(describeCase(fuzzCase));
  console.log(`exit ${result?.code ?? '-'}, ${Math.round(result?.ms ?? 0)} ms`);
  const failures = result?.failures ?? [];
  for (const failure of failures) {
    const known = knownFailure(failure, fuzzCase);
    console.log(`  ${failure.message}${known ? `  [known: ${known}]` : ''}`);
  }
  console.log(`reproducer: ${write(fuzzCase.index, failures.map((failure) => failure.message))}`);
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
