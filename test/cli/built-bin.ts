// Test helper: bin/sim.js runs the compiled CLI in dist/, so the tests that spawn it rebuild dist/
// first when a source file is newer (npm ci builds it; an edit since would otherwise go untested).
import { execFileSync, spawn } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const BUILT = 'dist/sim/cli/main.js';

export function ensureBuilt(): void {
  const builtMs = statSync(BUILT, { throwIfNoEntry: false })?.mtimeMs ?? 0;
  if (Math.max(newestMs('sim'), newestMs('models')) > builtMs) {
    execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
  }
}

function newestMs(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMs(path));
    else if (entry.name.endsWith('.ts')) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

export interface Exited {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs `bin/sim.js ARGS`; with `closeStdoutAfterFirstChunk`, reads one chunk of its output and then
 * closes the pipe, as `| head -1` does; `stdoutFd` sends its output to a file instead. `killAfterMs` only ends a child that hangs (a FIFO read
 * before the fix) so that the test fails instead of waiting forever; nothing asserts on time.
 */
export function spawnSim(args: string[], options: { closeStdoutAfterFirstChunk?: boolean; killAfterMs?: number; stdoutFd?: number } = {}): Promise<Exited> {
  return new Promise((resolve, reject) => {
    const child = spawn('./bin/sim.js', args, { stdio: ['ignore', options.stdoutFd ?? 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout?.setEncoding('utf8');
    child.stderr?.setEncoding('utf8');
    child.stdout?.on('data', (chunk: string) => {
      stdout += chunk;
      if (options.closeStdoutAfterFirstChunk) child.stdout?.destroy();
    });
    child.stderr?.on('data', (chunk: string) => void (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.killAfterMs ?? 50_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}
