// Runs cases in worker processes (worker.ts), one case at a time per worker: a case past the time
// limit is a hang (its worker is killed and replaced), a worker whose peak RSS passes the memory
// limit names the case that pushed it there (and is replaced, so the next cases are measured
// alone), and a worker that dies is a crash of the case it was running.
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Failure } from './run-case.js';
import type { CaseResult } from './tally.js';
import type { CaseReport, WorkerMessage } from './worker.js';

/** A worker is replaced after this many cases, so its peak RSS stays a close bound for the next ones. */
export const CASES_PER_WORKER = 200;

export interface PoolOptions {
  seed: number;
  jobs: number;
  timeoutMs: number;
  heapMb: number;
  memoryLimitKb: number;
}

interface Worker {
  child: ChildProcess;
  ready: boolean;
  casesRun: number;
  stderrTail: string;
  current?: { index: number; timer: NodeJS.Timeout; startedAt: number };
}

const WORKER_FILE = join(fileURLToPath(new URL('.', import.meta.url)), 'worker.js');

export async function runInWorkers(options: PoolOptions, indexes: readonly number[], onResult: (result: CaseResult) => void): Promise<void> {
  // Workers run where nothing of the repository is: a case that reaches the real file system finds nothing.
  const cwd = mkdtempSync(join(tmpdir(), 'udnsim-fuzz-'));
  try {
    await new WorkerPool(options, [...indexes], onResult, cwd).run();
  } finally {
    rmSync(cwd, { recursive: true, force: true });
  }
}

class WorkerPool {
  private running = 0;
  private settle: { resolve: () => void; reject: (error: Error) => void } | undefined;

  constructor(
    private readonly options: PoolOptions,
    private readonly queue: number[],
    private readonly onResult: (result: CaseResult) => void,
    private readonly cwd: string,
  ) {}

  run(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.settle = { resolve, reject };
      for (let i = 0; i < Math.min(this.options.jobs, this.queue.length); i++) this.spawn();
    });
  }

  private spawn(): void {
    this.running++;
    const execArgv = [`--max-old-space-size=${this.options.heapMb}`];
    const child = fork(WORKER_FILE, [], { cwd: this.cwd, execArgv, stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
    const worker: Worker = { child, ready: false, casesRun: 0, stderrTail: '' };
    child.stderr?.on('data', (chunk: Buffer) => (worker.stderrTail = (worker.stderrTail + chunk.toString()).slice(-2000)));
    child.on('message', (message: WorkerMessage) => this.onMessage(worker, message));
    child.on('exit', (code, signal) => this.onExit(worker, signal ?? `exit code ${code}`));
  }

  /** Sends the next case, or lets the worker go when there is none or it has run its share. */
  private sendNext(worker: Worker): void {
    if (worker.casesRun >= CASES_PER_WORKER || this.queue.length === 0) {
      worker.child.kill();
      return;
    }
    const index = this.queue.shift()!;
    const timer = setTimeout(() => this.onTimeout(worker), this.options.timeoutMs);
    worker.current = { index, timer, startedAt: Date.now() };
    worker.child.send({ seed: this.options.seed, index });
  }

  private onMessage(worker: Worker, message: WorkerMessage): void {
    if ('ready' in message) {
      worker.ready = true;
      return this.sendNext(worker);
    }
    const { current } = worker;
    if (!current || current.index !== message.report.index) return;
    clearTimeout(current.timer);
    worker.current = undefined;
    worker.casesRun++;
    const { index, code, ms, maxRssKb, sizeBytes, description, failures }: CaseReport = message.report;
    const overMemory = maxRssKb > this.options.memoryLimitKb;
    const memory: Failure[] = overMemory
      ? [{ kind: 'memory', key: `memory: worker RSS over ${this.options.memoryLimitKb / 1024} MiB`, message: `worker peak RSS ${Math.round(maxRssKb / 1024)} MiB after this case` }]
      : [];
    this.onResult({ index, code, ms, maxRssKb, sizeBytes, description, failures: [...failures, ...memory] });
    if (overMemory) worker.casesRun = CASES_PER_WORKER;
    this.sendNext(worker);
  }

  private onTimeout(worker: Worker): void {
    const { current } = worker;
    if (!current) return;
    const seconds = this.options.timeoutMs / 1000;
    this.onResult({ index: current.index, hang: true, ms: this.options.timeoutMs, failures: [{ kind: 'hang', key: `hang: still running after ${seconds} s`, message: `still running after ${seconds} s (worker killed)` }] });
    worker.current = undefined;
    worker.child.kill('SIGKILL');
  }

  /** A worker gone: the case it was running (if any) crashed; another takes its place while cases remain. */
  private onExit(worker: Worker, why: string): void {
    this.running--;
    if (!worker.ready) return this.settle?.reject(new Error(`a worker died before it was ready (${why}): ${worker.stderrTail.trim()}`));
    const { current } = worker;
    if (current) {
      clearTimeout(current.timer);
      const outOfHeap = /heap out of memory|Allocation failed/i.test(worker.stderrTail);
      const key = outOfHeap ? 'worker died: JavaScript heap out of memory' : `worker died: ${why}`;
      const stderr = worker.stderrTail.trim().split('\n').slice(-3).join(' | ');
      this.onResult({ index: current.index, ms: Date.now() - current.startedAt, failures: [{ kind: outOfHeap ? 'memory' : 'exception', key, message: `${key}; stderr: ${stderr}` }] });
    }
    if (this.queue.length > 0) this.spawn();
    else if (this.running === 0) this.settle?.resolve();
  }
}
