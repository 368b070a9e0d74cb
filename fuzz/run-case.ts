// Runs one fuzz case through the CLI in this process (`main(argv, io)` with its files served from
// memory) and judges the result: an exit status of scenario.md (0, 1, 2), nothing thrown, no stack
// trace in the output, and nothing written or exited behind the Io's back.
import { posix } from 'node:path';
import { performance } from 'node:perf_hooks';
import { main, type Io } from '../sim/cli/main.js';
import type { FuzzCase } from './cases.js';

export interface CaseOutcome {
  /** The exit status main resolved with; undefined when it threw. */
  code?: number;
  error?: { name: string; message: string; stack: string };
  stdout: string;
  stderr: string;
  /** What went around the Io: process.exit, console.*, process.emitWarning, direct writes to process streams. */
  sideEffects: string[];
  ms: number;
}

export type FailureKind =
  | 'exception' | 'exit-code' | 'stack-trace' | 'process-exit' | 'console' | 'process-warning' | 'prototype-pollution' | 'hang' | 'memory';

export interface Failure {
  kind: FailureKind;
  /** Groups failures of one cause: the kind, the message with numbers and quotes blanked, where it was thrown. */
  key: string;
  message: string;
}

/** A stack frame (`    at fn (file:1:2)`, not a report's `  at 3s from …`), a JavaScript error name,
 * or the simulator's own "internal error" (Kubernetes' "Internal error occurred" in an event is a
 * message of the modelled cluster, not a crash). */
const STACK_TRACE = /^\s+at .*(:\d+:\d+\)?|\(<anonymous>\)|\(native\))$|\b(TypeError|RangeError|ReferenceError)\b|(^|sim: )internal error(?! occurred)/im;

class ExitCalled extends Error {
  constructor(readonly exitCode: unknown) {
    super(`process.exit(${String(exitCode)}) called`);
  }
}

/** Serves the case's files like node:fs would: ENOENT, EISDIR for a folder, a refusal for a NUL byte. */
export function caseReader(files: ReadonlyMap<string, string>): (path: string) => string {
  return (path) => {
    if (path.includes('\u0000')) throw fsError('ERR_INVALID_ARG_VALUE', `The argument 'path' must be a string, Uint8Array, or URL without null bytes. Received ${JSON.stringify(path)}`);
    const key = posix.normalize(path).replace(/^\.\//, '');
    if (key === '/dev/null') return '';
    const text = files.get(key);
    if (text !== undefined) return text;
    const folder = key.replace(/\/+$/, '');
    if (folder === '.' || folder === '' || [...files.keys()].some((file) => file.startsWith(`${folder}/`))) {
      throw fsError('EISDIR', 'EISDIR: illegal operation on a directory, read');
    }
    if (key.split('/').some((part) => Buffer.byteLength(part) > 255)) throw fsError('ENAMETOOLONG', `ENAMETOOLONG: name too long, open '${path}'`);
    throw fsError('ENOENT', `ENOENT: no such file or directory, open '${path}'`);
  };
}

function fsError(code: string, message: string): Error {
  return Object.assign(new Error(message), { code });
}

/** Runs the case; never throws (whatever main throws is in the outcome). */
export async function runCase(fuzzCase: FuzzCase): Promise<CaseOutcome> {
  let stdout = '';
  let stderr = '';
  const io: Io = { stdout: (text) => void (stdout += text), stderr: (text) => void (stderr += text), readFile: caseReader(fuzzCase.files), progress: false };
  const guard = guardProcess();
  const started = performance.now();
  try {
    const code = await main(fuzzCase.argv, io);
    return { code, stdout, stderr, sideEffects: guard.sideEffects, ms: performance.now() - started };
  } catch (thrown) {
    const error = thrown instanceof Error ? thrown : new Error(String(thrown));
    if (error instanceof ExitCalled) return { code: undefined, stdout, stderr, sideEffects: guard.sideEffects, ms: performance.now() - started };
    return { error: { name: error.name, message: error.message, stack: error.stack ?? '' }, stdout, stderr, sideEffects: guard.sideEffects, ms: performance.now() - started };
  } finally {
    guard.restore();
  }
}

interface ProcessGuard {
  sideEffects: string[];
  restore(): void;
}

/** Built-in prototypes a case must leave as it found them (a `--set __proto__.x=1` would not). */
const PROTOTYPES: ReadonlyArray<[string, object]> = [
  ['Object', Object.prototype], ['Array', Array.prototype], ['Function', Function.prototype], ['String', String.prototype],
  ['Number', Number.prototype], ['Boolean', Boolean.prototype],
];

/**
 * Replaces process.exit (it throws instead), console.* and process.emitWarning (they are recorded)
 * while a case runs; afterwards puts back any property a case added to or changed on a built-in
 * prototype, recording it, so one case cannot change the ones after it.
 */
function guardProcess(): ProcessGuard {
  const sideEffects: string[] = [];
  const prototypes = PROTOTYPES.map(([name, proto]) => ({ name, proto, saved: new Map(Reflect.ownKeys(proto).map((key) => [key, Object.getOwnPropertyDescriptor(proto, key)!])) }));
  const saved = { exit: process.exit, emitWarning: process.emitWarning, console: { ...console } };
  const consoleMethods = ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const;
  process.exit = ((code?: unknown) => {
    sideEffects.push(`process.exit(${String(code)})`);
    throw new ExitCalled(code);
  }) as typeof process.exit;
  process.emitWarning = ((warning: unknown) => {
    sideEffects.push(`process.emitWarning: ${firstLine(warning instanceof Error ? `${warning.name}: ${warning.message}` : String(warning))}`);
  }) as typeof process.emitWarning;
  for (const method of consoleMethods) {
    console[method] = (...args: unknown[]) => void sideEffects.push(`console.${method}: ${firstLine(args.map(String).join(' '))}`);
  }
  return {
    sideEffects,
    restore() {
      process.exit = saved.exit;
      process.emitWarning = saved.emitWarning;
      for (const method of consoleMethods) console[method] = saved.console[method];
      for (const { name, proto, saved: descriptors } of prototypes) sideEffects.push(...restorePrototype(name, proto, descriptors));
    },
  };
}

/** Puts the prototype's own properties back as saved; says what had changed. */
function restorePrototype(name: string, proto: object, saved: Map<string | symbol, PropertyDescriptor>): string[] {
  const changes: string[] = [];
  for (const key of Reflect.ownKeys(proto)) {
    const before = saved.get(key);
    const now = Object.getOwnPropertyDescriptor(proto, key)!;
    if (before && before.value === now.value && before.get === now.get && before.set === now.set) continue;
    changes.push(`prototype polluted: ${name}.prototype.${String(key)} ${before ? 'changed' : 'added'}`);
    if (before) Object.defineProperty(proto, key, before);
    else delete (proto as Record<string | symbol, unknown>)[key];
  }
  for (const [key, descriptor] of saved) {
    if (Object.getOwnPropertyDescriptor(proto, key)) continue;
    changes.push(`prototype polluted: ${name}.prototype.${String(key)} deleted`);
    Object.defineProperty(proto, key, descriptor);
  }
  return changes;
}

function firstLine(text: string): string {
  return (text.split('\n')[0] ?? '').slice(0, 200);
}

/** Everything wrong with an outcome (empty when the case ended as scenario.md says it may). */
export function judge(outcome: CaseOutcome): Failure[] {
  const failures: Failure[] = [];
  if (outcome.error) {
    const { name, message, stack } = outcome.error;
    const where = thrownAt(stack);
    failures.push({ kind: 'exception', key: `exception ${name}: ${blank(message)} @ ${where}`, message: `${name}: ${firstLine(message)} (at ${where})` });
  } else if (outcome.code !== undefined && ![0, 1, 2].includes(outcome.code)) {
    failures.push({ kind: 'exit-code', key: `exit code ${outcome.code}`, message: `exit code ${outcome.code}` });
  }
  if (outcome.code !== undefined && outcome.code !== 2 && /^Try: sim run/m.test(outcome.stderr)) {
    failures.push({ kind: 'exit-code', key: `usage error printed, yet exit ${outcome.code}`, message: `usage error printed, yet the command ran and exited ${outcome.code}` });
  }
  for (const [stream, text] of [['stdout', outcome.stdout], ['stderr', outcome.stderr]] as const) {
    const match = STACK_TRACE.exec(text);
    if (match) {
      // The error's own line (`TypeError: …`) when there is one, and where it was thrown, so a
      // trace a real process printed groups with the same exception caught in-process.
      const errorLine =
        /^[A-Z]\w*Error\b.*:.*$/m.exec(text)?.[0] ?? /^.*\b[A-Z]\w*Error\b.*$/m.exec(text)?.[0] ?? firstLine(text.slice(text.lastIndexOf('\n', match.index) + 1));
      const where = thrownAt(text);
      const line = firstLine(errorLine.trim());
      failures.push({ kind: 'stack-trace', key: `stack trace on ${stream}: ${blank(line)} @ ${where}`, message: `${stream}: ${line} (at ${where})` });
    }
  }
  for (const effect of outcome.sideEffects) {
    const kind: FailureKind = effect.startsWith('process.exit')
      ? 'process-exit'
      : effect.startsWith('console')
        ? 'console'
        : effect.startsWith('prototype polluted')
          ? 'prototype-pollution'
          : 'process-warning';
    failures.push({ kind, key: `${kind}: ${blank(effect)}`, message: effect });
  }
  return failures;
}

/** The function of the first stack frame in the simulator's own code (else the first frame's file). */
function thrownAt(stack: string): string {
  const frames = [...stack.matchAll(/^\s+at (?:new )?(?:(\S+) \()?(.*?):\d+:\d+\)?$/gm)].map((m) => ({ name: m[1], file: m[2] ?? '' }));
  const own = frames.find((frame) => /\/(sim|models)\//.test(frame.file) && !frame.file.includes('node_modules'));
  if (own) return own.name ?? own.file.split('/').pop() ?? '?';
  const first = frames[0];
  return first ? (first.name ?? first.file.split('/').pop() ?? '?') : '?';
}

/** The message with what varies between cases blanked: quoted text, numbers, long runs. */
function blank(text: string): string {
  return firstLine(text)
    .replace(/"[^"]*"|'[^']*'/g, '"…"')
    .replace(/\d+(\.\d+)?(e[+-]?\d+)?/gi, 'N')
    .slice(0, 120);
}
