// One case run as a real `sim` process (`npm run fuzz -- --exec`): the case written to a folder with
// a FIFO beside it, the command run there, killed past the time limit or the memory limit (its RSS
// read from /proc while it runs), and judged like an in-process case — plus Node's own
// `(node:PID) Warning` lines on stderr, which only a real process shows.
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FuzzCase } from './cases.js';
import { writeCaseFiles } from './reproducer.js';
import { judge, type Failure } from './run-case.js';
import type { CaseResult } from './tally.js';

const CHILD = join(fileURLToPath(new URL('.', import.meta.url)), 'exec-child.js');
const OUTPUT_CAP = 1 << 20;
/** A FIFO with no writer: a manifest path a reader must not wait on forever. */
export const FIFO_FILE = 'fifo.yaml';

export interface ExecLimits {
  timeoutMs: number;
  memoryLimitKb: number;
}

export function execCase(fuzzCase: FuzzCase, dir: string, limits: ExecLimits): Promise<CaseResult> {
  if (fuzzCase.argv.some((arg) => arg.includes('\u0000'))) {
    return Promise.resolve({ index: fuzzCase.index, ms: 0, skipped: 'a NUL byte in argv cannot reach a process', failures: [] });
  }
  writeCaseFiles(dir, fuzzCase);
  spawnSync('mkfifo', [join(dir, FIFO_FILE)]);
  const started = Date.now();
  const child = spawn(process.execPath, [CHILD, ...fuzzCase.argv], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe', 'pipe'] });
  const output = { stdout: '', stderr: '', rss: '' };
  const collect = (key: keyof typeof output) => (chunk: Buffer) => {
    if (output[key].length < OUTPUT_CAP) output[key] += chunk.toString('utf8');
  };
  child.stdout?.on('data', collect('stdout'));
  child.stderr?.on('data', collect('stderr'));
  child.stdio[3]?.on('data', collect('rss'));
  let killedFor: Failure | undefined;
  let peakKb = 0;
  const kill = (failure: Failure): void => {
    killedFor ??= failure;
    child.kill('SIGKILL');
  };
  const timer = setTimeout(() => kill({ kind: 'hang', key: `hang: still running after ${limits.timeoutMs / 1000} s`, message: `still running after ${limits.timeoutMs / 1000} s (killed)` }), limits.timeoutMs);
  const poll = setInterval(() => {
    peakKb = Math.max(peakKb, residentKb(child.pid));
    if (peakKb > limits.memoryLimitKb) kill({ kind: 'memory', key: `memory: RSS over ${limits.memoryLimitKb / 1024} MiB`, message: `RSS ${Math.round(peakKb / 1024)} MiB (killed)` });
  }, 200);
  return new Promise((resolve) => {
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      clearInterval(poll);
      const maxRssKb = Math.max(peakKb, Number(output.rss.trim()) || 0);
      const ms = Date.now() - started;
      const base = { index: fuzzCase.index, ms, maxRssKb, sizeBytes: [...fuzzCase.files.values()].reduce((n, t) => n + Buffer.byteLength(t), 0) };
      if (killedFor) return resolve({ ...base, hang: killedFor.kind === 'hang', failures: [killedFor] });
      const failures = judge({ code: code ?? undefined, stdout: output.stdout, stderr: output.stderr, sideEffects: [], ms });
      if (signal) failures.push({ kind: 'exception', key: `killed by ${signal}`, message: `the process died of ${signal}` });
      for (const line of output.stderr.match(/^\(node:\d+\) .*$/gm) ?? []) {
        const warning = line.replace(/^\(node:\d+\) /, '');
        failures.push({ kind: 'process-warning', key: `process-warning: ${warning.replace(/\d+/g, 'N').slice(0, 100)}`, message: `stderr: ${line.slice(0, 200)}` });
      }
      resolve({ ...base, code: code ?? undefined, failures });
    });
  });
}

/** The process's current resident set (KiB) from /proc, 0 where there is none (not Linux, or gone). */
function residentKb(pid: number | undefined): number {
  if (pid === undefined) return 0;
  try {
    return Number(/^VmRSS:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
  } catch {
    return 0;
  }
}
