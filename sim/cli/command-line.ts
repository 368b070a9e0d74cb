// The `sim` command line (scenario.md "Commands"): yargs parses argv into an Invocation and runs
// nothing itself, so a usage error (exit 2, with the usage of the command it was given to) can never
// be followed by a run. main.ts runs what it says.
import yargs, { type Argv } from 'yargs';
import type { GenerateParams } from '../generate/params.js';
import type { GetOutput } from '../report/get/get.js';
import { readDuration } from '../scenario/duration.js';
import { generateParamsOf, withGenerateOptions } from './generate-options.js';
import { UsageError, describeUsageProblem } from './usage-error.js';

export type Invocation =
  | { kind: 'run' | 'compare'; file: string; sets: string[]; output: 'text' | 'json'; quiet: boolean }
  | { kind: 'get'; resource: string; file: string; name?: string; namespace?: string; allNamespaces: boolean; output: GetOutput; at?: string; sets: string[] }
  | { kind: 'generate'; params: GenerateParams }
  | { kind: 'docs'; doc: string; scenarios: string }
  /** --help, --version, the completion script and completions: printed on stdout, exit 0. */
  | { kind: 'print'; text: string }
  | { kind: 'usage-error'; message: string; usage: string };

/** The option yargs answers with completions, which the script of `sim completion` calls. */
const COMPLETIONS_KEY = '--get-yargs-completions';

/** Help is wrapped at a fixed width, so that it reads the same on every terminal and in tests. */
const HELP_WIDTH = 100;

/** Each command's positional arguments, as its usage names them (`run <file>`). */
const POSITIONALS: Record<string, readonly string[]> = { run: ['file'], compare: ['file'], get: ['resource', 'file'] };

const RESOURCES =
  'pods (po), nodes (no), namespaces (ns), services (svc), events (ev), deployments (deploy), replicasets (rs), daemonsets (ds), ' +
  'endpointslices, clusteruserdefinednetworks (cudn), userdefinednetworks (udn), network-attachment-definitions (net-attach-def)';

const EPILOG =
  'Exit status: 0 no expectation failed (probes without expect are only observed); 1 some expect did not hold ' +
  '(the report says which and why); 2 the scenario ' +
  'or the command line is invalid; 70 a bug in udnsim. `sim COMMAND --help` shows the options of a command.';

export async function parseCommandLine(argv: readonly string[]): Promise<Invocation> {
  const state: ParseState = { argv };
  let printed: string | undefined;
  try {
    await buildParser(state).parseAsync([...argv], {}, (_error, _args, output) => {
      printed = output;
    });
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    return { kind: 'usage-error', message: error.message, usage: await helpOf(state.command) };
  }
  if (state.invocation) return state.invocation;
  const text = printed ?? '';
  // Help, the version, the completion script, or completions (maybe none: `sim get <TAB>`).
  if (text !== '' || argv.includes(COMPLETIONS_KEY)) return { kind: 'print', text: text === '' || text.endsWith('\n') ? text : `${text}\n` };
  return { kind: 'usage-error', message: 'missing command', usage: await helpOf(undefined) };
}

/** What `sim COMMAND --help` (or `sim --help`) prints. */
async function helpOf(command: string | undefined): Promise<string> {
  const argv = command === undefined ? ['--help'] : [command, '--help'];
  let help = '';
  await buildParser({ argv }).parseAsync(argv, {}, (_error, _args, output) => {
    help = output;
  });
  return help;
}

interface ParseState {
  argv: readonly string[];
  /** The command whose builder ran: a usage error is about it. */
  command?: string;
  invocation?: Invocation;
}

function buildParser(state: ParseState): Argv {
  const enter = <T>(command: string, y: Argv<T>): Argv<T> => {
    state.command = command;
    return y;
  };
  const parser: Argv = yargs()
    // `--set.x 1` must be an unknown option, not an object built by dot notation; `--set=a=b` keeps its `=`.
    .parserConfiguration({ 'dot-notation': false })
    .scriptName('sim')
    .usage('$0 <command> [options]\n\nSimulates OpenShift with OVN-Kubernetes user-defined networks and Istio, from a scenario file.')
    .wrap(HELP_WIDTH)
    .command(
      'run <file>',
      'run a scenario and print what the cluster and the tools would show',
      (y) =>
        withScenarioOptions(enter('run', y), 'report format')
          .example('$0 run scenarios/l3-cudn.yaml', 'reproduce the seed bug: curl exits 56, No route to host')
          .example('$0 run scenarios/l3-cudn.yaml -o json', 'the same report as one JSON document'),
      (args) => {
        state.invocation = { kind: 'run', file: args.file, sets: args.set, output: args.output, quiet: args.quiet };
      },
    )
    .command(
      'compare <file>',
      'run a scenario once per istiod variant and print probes × variants',
      (y) =>
        withScenarioOptions(enter('compare', y), 'matrix format')
          .example('$0 compare scenarios/mixed-cluster.yaml', 'what each address source fixes and breaks')
          .example('$0 compare scenarios/l3-cudn.yaml -o json', 'the matrix as data'),
      (args) => {
        state.invocation = { kind: 'compare', file: args.file, sets: args.set, output: args.output, quiet: args.quiet };
      },
    )
    .command(
      'get <resource> <file>',
      'print what `kubectl get RESOURCE` shows on the simulated cluster',
      (y) => withGetOptions(enter('get', y)),
      (args) => {
        state.invocation = {
          kind: 'get',
          resource: args.resource,
          file: args.file,
          name: args.name,
          namespace: args.namespace,
          allNamespaces: args['all-namespaces'],
          output: args.output ?? 'table',
          at: args.at,
          sets: args.set,
        };
      },
    )
    .command(
      'generate',
      'write a generated, self-contained scenario to stdout',
      (y) =>
        withGenerateOptions(enter('generate', y))
          .option('quiet', { type: 'boolean', default: false, describe: 'no progress bar (generation takes milliseconds, so none is drawn anyway)' })
          .example('$0 generate --preset seed-limit > /tmp/big.yaml', "the seed's network at its limit: 50 000 pods")
          .example('$0 generate --nodes 10 --topology Layer2', 'the small preset on 10 nodes and Layer2 networks'),
      (args) => {
        state.invocation = { kind: 'generate', params: generateParamsOf(args) };
      },
    )
    // Maintainer-only (`npm run docs`): hidden from the help, still answers `sim docs --help`.
    .command(
      'docs',
      false,
      (y) =>
        enter('docs', y)
          .usage('$0 docs [options]\n\nregenerate the compare matrices in docs/fixes.md from scenarios/ (npm run docs)')
          .option('doc', { type: 'string', default: 'docs/fixes.md', requiresArg: true, describe: 'the document to rewrite between its generated markers' })
          .option('scenarios', { type: 'string', default: 'scenarios', requiresArg: true, describe: 'the folder of scenarios to compare' }),
      (args) => {
        state.invocation = { kind: 'docs', doc: args.doc, scenarios: args.scenarios };
      },
    )
    // yargs answers `--get-yargs-completions` (what the script calls) by itself; the script is a
    // command of its own so that `sim completion --help` and its usage errors work like the others'.
    .command(
      'completion',
      'print a shell completion script (bash, or zsh when $SHELL is zsh)',
      (y) =>
        enter('completion', y)
          .example('$0 completion >> ~/.bashrc', 'complete commands and options in bash')
          .example('$0 completion >> ~/.zshrc', 'in zsh'),
      () => {
        parser.showCompletionScript(); // into the output parseCommandLine prints
      },
    )
    .example('$0 run scenarios/l3-cudn.yaml', 'reproduce the seed bug')
    .example('$0 get pods scenarios/l3-cudn.yaml -o wide', 'the pods and their IPs, as kubectl shows them')
    .example('$0 compare scenarios/mixed-cluster.yaml', 'what each fix fixes and breaks')
    .example('$0 generate --preset medium > /tmp/m.yaml', 'a cluster of 5 000 pods to run')
    .epilog(EPILOG)
    .strict()
    .fail((message, error) => {
      if (error instanceof UsageError) throw error;
      // Anything but yargs' own complaint about the command line is a bug: main reports it as one.
      if (error instanceof Error && error.name !== 'YError') throw error;
      const context = { argv: state.argv, command: state.command, positionals: POSITIONALS[state.command ?? ''] ?? [] };
      throw new UsageError(describeUsageProblem(message ?? String(error), context));
    });
  return parser;
}

function withScenarioOptions<T>(y: Argv<T>, outputIs: string) {
  return y
    .positional('file', { type: 'string', demandOption: true, describe: 'the scenario YAML file' })
    .option('output', { alias: 'o', choices: ['text', 'json'] as const, default: 'text' as const, requiresArg: true, describe: outputIs })
    .option('set', setOption)
    .option('quiet', { type: 'boolean', default: false, describe: 'no progress bar on stderr (drawn only on a terminal, once a run takes a second)' });
}

/** One `dotted.path=value` per --set, so that `--set a=1 FILE` leaves FILE alone. */
const setOption = {
  type: 'string',
  array: true,
  nargs: 1,
  requiresArg: true,
  default: [] as string[],
  defaultDescription: 'none',
  describe: 'override a scenario field, repeatable: --set dotted.path=value, e.g. --set istiod.ambientAddressSource=ovn-pod-networks',
} as const;

function withGetOptions<T>(y: Argv<T>) {
  return y
    .positional('resource', { type: 'string', demandOption: true, describe: RESOURCES })
    .positional('file', { type: 'string', demandOption: true, describe: 'the scenario YAML file' })
    .option('name', { type: 'string', requiresArg: true, defaultDescription: 'every name', describe: 'only objects of this name, in each namespace listed (kubectl get RESOURCE NAME)' })
    .option('namespace', {
      alias: 'n',
      type: 'string',
      requiresArg: true,
      defaultDescription: 'every namespace',
      describe: 'only this namespace; without it every namespace is listed with a NAMESPACE column, as with -A (a scenario has no current namespace)',
    })
    .option('all-namespaces', { alias: 'A', type: 'boolean', default: false, describe: 'every namespace (what happens anyway without -n; overrides -n)' })
    .option('output', {
      alias: 'o',
      choices: ['wide', 'yaml', 'json'] as const,
      requiresArg: true,
      defaultDescription: 'a table',
      describe: 'wide: more columns (nodes: a subnet column per network; cudn/udn: conditions); yaml/json: the stored objects with every annotation',
    })
    .option('at', { type: 'string', requiresArg: true, defaultDescription: 'once settled', describe: 'the cluster at this virtual time, e.g. 500ms, 30s, 1m30s' })
    .option('set', setOption)
    .check((args) => {
      if (args.at === undefined) return true;
      const read = readDuration(args.at);
      return read.ok || `invalid --at "${args.at}": ${read.message}`;
    })
    .example('$0 get pods scenarios/l3-cudn.yaml -o wide', 'pods of every namespace with IP and node')
    .example('$0 get po scenarios/l3-cudn.yaml -n sleep -o yaml', 'the sleep pod with every annotation (k8s.ovn.org/pod-networks …)')
    .example('$0 get nodes scenarios/l3-cudn.yaml --at 30s', 'the nodes and their host subnets 30 s into the scenario');
}
