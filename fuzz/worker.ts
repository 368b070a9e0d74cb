// A fuzz worker: a child process that makes each case it is sent (from its seed and number, with the
// generator the test uses) and runs it in-process through the compiled CLI, then reports the exit
// status, what was wrong, how long it took and this process's peak memory so far.
import { loadCorpus } from './corpus.js';
import { describeCase, makeCase } from './cases.js';
import { judge, runCase, type Failure } from './run-case.js';

export interface CaseRequest {
  seed: number;
  index: number;
}

export interface CaseReport {
  index: number;
  code: number | undefined;
  failures: Failure[];
  ms: number;
  /** process.resourceUsage().maxRSS after the case, in KiB: the peak of every case this worker ran. */
  maxRssKb: number;
  /** Bytes of the case's files and command line (to find the smallest case of a failure). */
  sizeBytes: number;
  /** describeCase() of the case as this worker made it (the parent checks its reproducer against it). */
  description: string;
  stdoutBytes: number;
  stderrBytes: number;
}

export type WorkerMessage = { ready: true } | { report: CaseReport };

const corpus = loadCorpus();

process.on('message', (message: CaseRequest) => {
  void runOne(message).then((report) => process.send?.({ report } satisfies WorkerMessage));
});
process.send?.({ ready: true } satisfies WorkerMessage);

async function runOne({ seed, index }: CaseRequest): Promise<CaseReport> {
  let fuzzCase;
  try {
    fuzzCase = makeCase(corpus, seed, index);
  } catch (error) {
    const message = `the fuzz generator itself failed: ${error instanceof Error ? error.message : String(error)}`;
    const failures: Failure[] = [{ kind: 'exception', key: message, message }];
    return { index, code: undefined, failures, ms: 0, maxRssKb: process.resourceUsage().maxRSS, sizeBytes: 0, description: message, stdoutBytes: 0, stderrBytes: 0 };
  }
  const outcome = await runCase(fuzzCase);
  const sizeBytes = [...fuzzCase.files.values()].reduce((sum, text) => sum + Buffer.byteLength(text), 0) + fuzzCase.argv.join(' ').length;
  return {
    index,
    code: outcome.code,
    failures: judge(outcome),
    ms: outcome.ms,
    maxRssKb: process.resourceUsage().maxRSS,
    sizeBytes,
    description: describeCase(fuzzCase),
    stdoutBytes: outcome.stdout.length,
    stderrBytes: outcome.stderr.length,
  };
}
