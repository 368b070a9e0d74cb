// The `sim` command (scenario.md): the only code that touches argv, files, stdout and exit codes.
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { createProgress, type Progress } from './progress.js';
import yargs, { type Argv } from 'yargs';
import { formatProblem } from '../scenario/format-problem.js';
import { loadScenario } from '../scenario/load-scenario.js';
import { checkProbeCommands, runScenario } from '../run/run-scenario.js';
import { renderJsonReport } from '../report/json-report.js';
import { renderTextReport } from '../report/text-report.js';
import { compareVariants } from '../compare/compare.js';
import { generateScenario } from '../generate/generate.js';
import { PRESETS, capacityWarnings, checkParams, type GenerateParams } from '../generate/params.js';
import { renderFixesSection, spliceGenerated } from '../report/fixes-doc.js';
import { renderCompareJson, renderCompareText } from '../report/compare-report.js';
import type { Scenario } from '../scenario/types.js';
import type { CurlRequest } from '../../models/net/curl.js';
import { SETTLE_LIMIT_MS, snapshotAt } from '../run/run-scenario.js';
import { DURATION_HINT, parseDurationMs } from '../scenario/duration.js';
import { getResources, type GetOutput } from '../report/get/get.js';

export interface Io {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  readFile: (path: string) => string;
  /** Draw progress on stderr (a terminal, and no --quiet). */
  progress?: boolean;
}

const processIo: Io = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  readFile: (path) => readFileSync(path, 'utf8'),
  progress: process.stderr.isTTY === true,
};

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
  const atMs = options.at === undefined ? undefined : parseDurationMs(options.at);
  if (options.at !== undefined && atMs === undefined) {
    io.stderr(`sim: invalid --at "${options.at}": ${DURATION_HINT}\n`);
    return 2;
  }
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
  const files = readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort();
  const entries = [];
  for (const name of files) {
    const file = `${dir.replace(/\/$/, '')}/${name}`;
    const prepared = prepare(file, [], io);
    if (!prepared) return undefined;
    entries.push({ file, description: prepared.scenario.description, comparison: compareVariants(prepared.scenario, prepared.requests) });
  }
  return renderFixesSection(entries);
}

export async function main(argv: string[], io: Io = processIo): Promise<number> {
  let code = 0;
  await yargs(argv)
    .scriptName('sim')
    .command(
      'run <file>',
      'run a scenario and print what the cluster and the tools would show',
      (y) => withCommonOptions(y),
      (args) => {
        code = runCommand(args.file, args.set.map(String), args.output, args.quiet ? { ...io, progress: false } : io);
      },
    )
    .command(
      'compare <file>',
      'run a scenario once per istiod variant and print probes × variants',
      (y) => withCommonOptions(y),
      (args) => {
        code = compareCommand(args.file, args.set.map(String), args.output, args.quiet ? { ...io, progress: false } : io);
      },
    )
    .command(
      'get <resource> <file>',
      'print what `kubectl get RESOURCE` shows on the simulated cluster once it has settled (or --at)',
      (y) =>
        y
          .positional('resource', {
            type: 'string',
            demandOption: true,
            describe:
              'pods (po), nodes (no), namespaces (ns), services (svc), events (ev), endpointslices, ' +
              'clusteruserdefinednetworks (cudn), userdefinednetworks (udn), network-attachment-definitions (net-attach-def)',
          })
          .positional('file', { type: 'string', demandOption: true, describe: 'scenario YAML file' })
          .option('name', { type: 'string', describe: 'only objects of this name, in each namespace listed (kubectl get RESOURCE NAME)' })
          .option('namespace', {
            alias: 'n',
            type: 'string',
            describe: 'only this namespace; without it every namespace is listed with a NAMESPACE column, as with -A (a scenario has no current namespace)',
          })
          .option('all-namespaces', { alias: 'A', type: 'boolean', default: false, describe: 'every namespace (the default; overrides -n)' })
          .option('output', { alias: 'o', choices: ['wide', 'yaml', 'json'] as const, describe: 'wide: more columns (nodes: a subnet column per network; cudn/udn: conditions); yaml/json: the stored objects with every annotation' })
          .option('at', { type: 'string', describe: 'the cluster at this virtual time instead of once settled, e.g. 500ms, 30s, 1m30s' })
          .option('set', { type: 'string', array: true, default: [] as string[], describe: 'override a scenario field: dotted.path=value (repeatable)' })
          .example('sim get pods scenarios/l3-cudn.yaml -o wide', 'pods of every namespace with IP and node')
          .example('sim get pods scenarios/l3-cudn.yaml -n httpbin --name NAME -o yaml', 'one pod with its k8s.ovn.org/pod-networks annotation')
          .example('sim get nodes scenarios/l3-cudn.yaml -o wide --at 30s', 'nodes and their host subnets 30 s into the scenario'),
      (args) => {
        code = getCommand(
          args.resource,
          args.file,
          { name: args.name, namespace: args.namespace, allNamespaces: args['all-namespaces'], output: args.output ?? 'table', at: args.at, sets: args.set.map(String) },
          io,
        );
      },
    )
    .command(
      'docs',
      'regenerate the compare matrices in docs/fixes.md from scenarios/',
      (y) => y.option('doc', { type: 'string', default: 'docs/fixes.md' }).option('scenarios', { type: 'string', default: 'scenarios' }),
      (args) => {
        const section = fixesSection(args.scenarios, io);
        if (!section) {
          code = 2;
          return;
        }
        writeFileSync(args.doc, spliceGenerated(io.readFile(args.doc), section));
        io.stdout(`wrote ${args.doc}\n`);
      },
    )
    .command(
      'generate',
      'write a generated, self-contained scenario to stdout (sim generate --preset seed-limit > big.yaml)',
      (y) =>
        y
          .option('preset', { choices: Object.keys(PRESETS), default: 'small', describe: 'starting point; the flags below override it' })
          .option('name', { type: 'string' })
          .option('seed', { type: 'number' })
          .option('nodes', { type: 'number' })
          .option('namespaces', { type: 'number' })
          .option('udnShare', { type: 'number', describe: 'share of namespaces on a primary UDN (0–1)' })
          .option('networks', { type: 'number', describe: 'how many CUDNs the UDN namespaces are spread over' })
          .option('topology', { choices: ['Layer3', 'Layer2'] as const })
          .option('cidr', { type: 'string' })
          .option('hostSubnet', { type: 'number' })
          .option('deploymentsPerNamespace', { type: 'number' })
          .option('replicas', { type: 'number' })
          .option('ambientShare', { type: 'number' })
          .option('sidecarShare', { type: 'number' })
          .option('probes', { type: 'number' })
          .option('istio', { type: 'boolean' })
          .option('quiet', { type: 'boolean', default: false, describe: 'no progress bar (generation takes milliseconds, so none is drawn anyway)' }),
      (args) => {
        const preset = PRESETS[args.preset]!;
        const given = Object.fromEntries(Object.keys(preset).filter((k) => (args as Record<string, unknown>)[k] !== undefined).map((k) => [k, (args as Record<string, unknown>)[k]]));
        const params = { ...preset, ...given } as GenerateParams;
        const problems = checkParams(params);
        if (problems.length) {
          io.stderr(`${problems.map((p) => `sim generate: ${p}`).join('\n')}\n`);
          code = 2;
          return;
        }
        for (const warning of capacityWarnings(params)) io.stderr(`sim generate: warning: ${warning}\n`);
        io.stdout(generateScenario(params));
      },
    )
    .demandCommand(1, 'name a command: sim run FILE or sim compare FILE')
    .strict()
    .fail((message, error) => {
      if (error) throw error;
      io.stderr(`sim: ${message}\nTry: sim run scenarios/l3-cudn.yaml\n`);
      code = 2;
    })
    .help()
    .parseAsync();
  return code;
}

function withCommonOptions<T>(y: Argv<T>) {
  return y
    .positional('file', { type: 'string', demandOption: true, describe: 'scenario YAML file' })
    .option('output', { alias: 'o', choices: ['text', 'json'] as const, default: 'text' as const, describe: 'report format' })
    .option('set', { type: 'string', array: true, default: [] as string[], describe: 'override a scenario field: dotted.path=value (repeatable)' })
    .option('quiet', { type: 'boolean', default: false, describe: 'no progress bar on stderr' });
}
