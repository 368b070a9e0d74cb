// The `sim` command (scenario.md): the only code that touches argv, files, stdout and exit codes.
import { readdirSync, writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { createProgress, type Progress } from './progress.js';
import { formatProblem } from '../scenario/format-problem.js';
import { loadScenario } from '../scenario/load-scenario.js';
import { checkProbeCommands, runScenario } from '../run/run-scenario.js';
import { renderJsonReport } from '../report/json-report.js';
import { renderTextReport } from '../report/text-report.js';
import { compareVariants } from '../compare/compare.js';
import { generateScenario } from '../generate/generate.js';
import { capacityWarnings, checkParams, type GenerateParams } from '../generate/params.js';
import { renderFixesSection, spliceGenerated } from '../report/fixes-doc.js';
import { renderCompareJson, renderCompareText } from '../report/compare-report.js';
import type { Scenario } from '../scenario/types.js';
import type { CurlRequest } from '../../models/net/curl.js';
import { SETTLE_LIMIT_MS, snapshotAt } from '../run/run-scenario.js';
import { readDuration } from '../scenario/duration.js';
import { describeReadError } from '../scenario/read-apply.js';
import { getResources, type GetOutput } from '../report/get/get.js';
import type { Io } from './io.js';
import { processIo } from './process-io.js';
import { parseCommandLine, type Invocation } from './command-line.js';

export type { Io } from './io.js';

/** Exit status of a bug in udnsim (sysexits' EX_SOFTWARE), apart from 1 and 2, which scenario.md gives meanings. */
export const EXIT_INTERNAL_ERROR = 70;

function progressFor(io: Io): Progress {
  const started = performance.now();
  return createProgress(io.progress === true, () => performance.now() - started);
}

/** Loads a scenario and parses its probe commands; prints every problem and returns undefined if any. */
function prepare(file: string, sets: string[], io: Io): { scenario: Scenario; requests: Map<string, CurlRequest> } | undefined {
  const loaded = loadScenario(file, sets, io.readFile);
  if (!loaded.ok) {
    if (loaded.problems.length > 0) io.stderr(`${loaded.problems.map(formatProblem).join('\n')}\n`);
    return undefined;
  }
  const checked = checkProbeCommands(loaded.scenario);
  if (checked.problems.length > 0) {
    io.stderr(`${checked.problems.map(formatProblem).join('\n')}\n`);
    return undefined;
  }
  return { scenario: loaded.scenario, requests: checked.requests };
}

/** Runs one scenario and prints its report; returns the exit status of scenario.md. */
export function runCommand(file: string, sets: string[], output: 'text' | 'json', io: Io): number {
  const prepared = prepare(file, sets, io);
  if (!prepared) return 2;
  const progress = progressFor(io);
  const result = runScenario(prepared.scenario, prepared.requests, { onProgress: progress.simulating, onSettled: () => progress.phase('probing') });
  progress.done();
  io.stdout(output === 'json' ? renderJsonReport(result) : renderTextReport(result));
  return result.pass ? 0 : 1;
}

/** Runs the scenario once per istiod variant and prints the matrix; 0 whenever the runs complete. */
export function compareCommand(file: string, sets: string[], output: 'text' | 'json', io: Io): number {
  const prepared = prepare(file, sets, io);
  if (!prepared) return 2;
  const progress = progressFor(io);
  const comparison = compareVariants(prepared.scenario, prepared.requests, (variant) => progress.phase(`variant ${variant}`), progress.simulating);
  progress.done();
  io.stdout(output === 'json' ? renderCompareJson(comparison) : renderCompareText(comparison));
  return 0;
}

export interface GetCommandOptions {
  name?: string;
  namespace?: string;
  allNamespaces: boolean;
  output: GetOutput;
  /** `--at`: a duration text; undefined = once the cluster has settled. */
  at?: string;
  sets: string[];
}

/** `sim get`: what `kubectl get` prints over the scenario's cluster; kubectl's exit status, 2 for a bad scenario or --at. */
export function getCommand(resource: string, file: string, options: GetCommandOptions, io: Io): number {
  const at = options.at === undefined ? undefined : readDuration(options.at);
  if (at !== undefined && !at.ok) {
    io.stderr(`sim: invalid --at "${options.at}": ${at.message}\n`);
    return 2;
  }
  const atMs = at?.ms;
  const prepared = prepare(file, options.sets, io);
  if (!prepared) return 2;
  const { sim, cluster, settled } = snapshotAt(prepared.scenario, atMs);
  if (atMs === undefined && !settled) io.stderr(`sim: the cluster did not settle within ${SETTLE_LIMIT_MS / 1000}s; this is how it stood then\n`);
  const namespace = options.allNamespaces ? undefined : options.namespace;
  const result = getResources(sim.store, { epochMs: cluster.epochMs, nowMs: sim.nowMs }, { resource, name: options.name, namespace, output: options.output });
  io.stdout(result.stdout);
  io.stderr(result.stderr);
  return result.exitCode;
}

/** The generated part of docs/fixes.md: `sim compare` of every scenario in `dir`, in name order. */
export function fixesSection(dir: string, io: Io): string | undefined {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch (error) {
    io.stderr(`sim docs: cannot read the scenarios directory "${dir}": ${describeReadError(error)}\n`);
    return undefined;
  }
  const files = names.filter((f) => f.endsWith('.yaml')).sort();
  const entries = [];
  for (const name of files) {
    const file = `${dir.replace(/\/$/, '')}/${name}`;
    const prepared = prepare(file, [], io);
    if (!prepared) return undefined;
    entries.push({ file, description: prepared.scenario.description, comparison: compareVariants(prepared.scenario, prepared.requests) });
  }
  return renderFixesSection(entries);
}

/** `sim generate`: the scenario on stdout, or the parameters' problems (exit 2). */
function generateCommand(params: GenerateParams, io: Io): number {
  const problems = checkParams(params);
  if (problems.length) {
    io.stderr(`${problems.map((p) => `sim generate: ${p}`).join('\n')}\n`);
    return 2;
  }
  for (const warning of capacityWarnings(params)) io.stderr(`sim generate: warning: ${warning}\n`);
  io.stdout(generateScenario(params));
  return 0;
}

/** `sim docs` (maintainers: `npm run docs`): rewrites the generated part of docs/fixes.md. */
function docsCommand(doc: string, scenarios: string, io: Io): number {
  const section = fixesSection(scenarios, io);
  if (!section) return 2;
  writeFileSync(doc, spliceGenerated(io.readFile(doc), section));
  io.stdout(`wrote ${doc}\n`);
  return 0;
}

/**
 * Runs the command line; returns the exit status. A usage error prints nothing on stdout and the
 * command's usage on stderr (exit 2); an exception out of a command is a bug in udnsim (exit 70).
 */
export async function main(argv: string[], io: Io = processIo()): Promise<number> {
  try {
    return runInvocation(await parseCommandLine(argv), io);
  } catch (error) {
    io.stderr(describeInternalError(error, io.debug === true));
    return EXIT_INTERNAL_ERROR;
  }
}

function runInvocation(invocation: Invocation, io: Io): number {
  const quietIo = (quiet: boolean): Io => (quiet ? { ...io, progress: false } : io);
  switch (invocation.kind) {
    case 'run':
      return runCommand(invocation.file, invocation.sets, invocation.output, quietIo(invocation.quiet));
    case 'compare':
      return compareCommand(invocation.file, invocation.sets, invocation.output, quietIo(invocation.quiet));
    case 'get': {
      const { resource, file, ...options } = invocation;
      return getCommand(resource, file, options, io);
    }
    case 'generate':
      return generateCommand(invocation.params, io);
    case 'docs':
      return docsCommand(invocation.doc, invocation.scenarios, io);
    case 'print':
      io.stdout(invocation.text);
      return 0;
    case 'usage-error':
      io.stderr(`sim: ${invocation.message}\n\n${invocation.usage}\n`);
      return 2;
  }
}

/** One line, the stack only when asked for (SIM_DEBUG=1): the user can do nothing with it but report it. */
function describeInternalError(error: unknown, withStack: boolean): string {
  const message = error instanceof Error ? error.message : String(error);
  const line = `sim: internal error: ${message} (a bug in udnsim: please report it with the scenario)\n`;
  return withStack && error instanceof Error && error.stack ? `${line}${error.stack}\n` : line;
}
