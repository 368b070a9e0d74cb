// Command lines: `sim run`, `compare`, `get` and `generate` as a user would type them, then bogus
// `--set` overrides and options. Values that would make the simulator build a large cluster are
// capped (values.ts), so a case stays cheap.
import type { Prng } from './prng.js';
import { SIZE_KEYS, capSize, extremeNumber, strangeString } from './values.js';
import { formatYamlPath, type YamlPath } from './yaml-slots.js';

export const COMMANDS = ['run', 'compare', 'get', 'generate', 'junk'] as const;
export type CommandKind = (typeof COMMANDS)[number];

const GET_RESOURCES = [
  'pods', 'po', 'nodes', 'no', 'ns', 'namespaces', 'svc', 'services', 'events', 'ev', 'endpointslices', 'cudn', 'udn',
  'clusteruserdefinednetworks', 'net-attach-def', 'network-attachment-definitions', 'deployments', 'pod', 'PODS', '', 'all', '__proto__', 'constructor',
];

export function commandArgv(command: Exclude<CommandKind, 'generate' | 'junk'>, scenarioFile: string, prng: Prng): string[] {
  if (command === 'get') {
    const argv = ['get', prng.pick(GET_RESOURCES), scenarioFile];
    if (prng.chance(0.6)) argv.push('-o', prng.pick(['wide', 'yaml', 'json']));
    if (prng.chance(0.2)) argv.push('--at', prng.pick(['0', '500ms', '30s', '1m30s', '0.5ms', '10m', '1000000h', '99999999999999999999h', '-1s', 'x', '']));
    if (prng.chance(0.2)) argv.push('-n', prng.pick(['sleep', 'httpbin', 'default', 'nope', '']));
    if (prng.chance(0.15)) argv.push('--name', prng.pick(['sleep', 'worker-0', 'x', '', 'a'.repeat(300)]));
    if (prng.chance(0.1)) argv.push('-A');
    return argv;
  }
  const argv = [command, scenarioFile];
  if (prng.chance(0.25)) argv.push('-o', 'json');
  if (prng.chance(0.3)) argv.push('--quiet');
  return argv;
}

const GENERATE_COUNTS = ['nodes', 'namespaces', 'networks', 'deploymentsPerNamespace', 'replicas', 'probes'];

/** `sim generate` with a few flags: small sizes, or a value a check must refuse. */
export function generateArgv(prng: Prng): string[] {
  const argv = ['generate'];
  if (prng.chance(0.3)) argv.push('--preset', prng.pick(['small', 'medium', 'seed-limit', 'nope', '__proto__']));
  const flags = prng.between(1, 4);
  for (let i = 0; i < flags; i++) {
    const flag = prng.pick([...GENERATE_COUNTS, 'udnShare', 'ambientShare', 'sidecarShare', 'seed', 'cidr', 'hostSubnet', 'topology', 'name', 'istio']);
    argv.push(`--${flag}`, generateValue(flag, prng));
  }
  // A preset larger than `small` makes a text of thousands of lines, still quick: only generating.
  return argv;
}

function generateValue(flag: string, prng: Prng): string {
  if (flag === 'cidr') return prng.pick(['3.3.0.0/16', '10.0.0.0/8', '3.3.0.0/31', '3.3.0.0/32', '0.0.0.0/0', 'fd00::/48', '::/0', 'fd00::/127', 'x', '', '3.3.0.0/33']);
  if (flag === 'topology') return prng.pick(['Layer3', 'Layer2', 'Localnet', 'x']);
  if (flag === 'name') return prng.pick(['ok', 'Bad_Name', '', 'x'.repeat(100), '😀']);
  if (flag === 'istio') return prng.pick(['true', 'false', 'maybe']);
  if (flag === 'hostSubnet') return prng.pick(['24', '31', '32', '64', '127', '128', '0', '-1', '1e308', 'NaN']);
  if (prng.chance(0.5)) return String(prng.between(0, 5));
  const value = extremeNumber(prng);
  const bounded = GENERATE_COUNTS.includes(flag) && Number.isInteger(value) && value > 5 && value < 2 ** 32 ? 5 : value;
  return prng.pick([String(bounded), 'x', '', '0x10', '.5']);
}

/** Command lines that are wrong as a whole: no command, an unknown one, missing or extra arguments. */
export function junkArgv(scenarioFile: string, prng: Prng): string[] {
  return prng.pick([
    [], ['frobnicate'], ['run'], ['compare'], ['get'], ['get', 'pods'], ['run', scenarioFile, 'extra'], ['run', ''], ['run', 'missing.yaml'],
    ['run', 'manifests'], ['run', '.'], ['run', '/'], ['run', 'nul\u0000.yaml'], ['RUN', scenarioFile], ['run', '--', scenarioFile],
    ['run', scenarioFile, '--', '--set', 'x=1'], ['get', 'pods', 'missing.yaml'], ['compare', 'missing.yaml', '-o', 'json'], ['docs', '--doc', 'fuzz-missing.md', '--scenarios', 'fuzz-no-such-dir'],
    ['--set', 'x=1'], ['-o', 'json'], ['run', scenarioFile, '--set'], ['run', scenarioFile, '-o'], ['run', '-o', 'json'],
  ]);
}

const FIXED_SETS = [
  '__proto__.x=1', '__proto__.hasOwnProperty=1', '__proto__.toString=1', 'constructor.prototype.x=1', 'constructor=1', 'cluster.__proto__.nodes=1',
  'apply[0].__proto__=1', 'probes[0].__proto__.polluted=yes', 'hasOwnProperty=1', 'toString=x', 'a..b=1', '=1', 'x', '.=1', '[0]=1', 'a.=1', '.a=1',
  'apply[99999].at=1', 'apply[0]=null', 'apply=null', 'apply=[]', 'apply={}', 'cluster=[1,2]', 'probes[0].exec={', 'probes[0].exec=[', 'seed=.nan', 'seed=.inf',
  'seed=-1', 'seed=1e308', 'metadata=1', 'metadata.name=!!binary aGk=', 'metadata.name=&a x', 'metadata.name=*a', 'metadata.name="a\\u0000b"',
  'apply[1][2]=x', 'probes[-1]=x', 'apply[0.5]=1', 'apply[01].at=1', 'istiod.ambientAddressSource=nope', 'istiod={}', 'cluster.nodes=4294967296',
  'cluster.nodes=0', 'cluster.nodes=-1', 'cluster.nodes=1.5', 'cluster.nodes=[{name: a}, {name: a}]', 'cluster.nodes=[]', 'cluster.nodes=',
  'x=y=z', 'a.b.c.d.e.f.g=1', 'cluster.timing.sandboxMs=0', 'cluster.timing.mirrorDelayMs=1e308', 'apply[0].at=0.5', 'probes[0].at=1e300',
  'startTime=0000-01-01T00:00:00Z', 'startTime=9999-12-31T23:59:59.999999999Z', 'startTime=2025-02-30T00:00:00Z', 'cluster.clusterDomain=..',
];

const SET_VALUES = ['1', '0', '-1', '0.5', '.nan', '.inf', '-.inf', '1e308', '4294967296', 'true', 'null', '~', '', 'x', '[1,2]', '{a: 1}', '[', '{', '"', "'", '!!binary x', '&a', '*a', '- a', 'a: b', '#', '|', '30s'];

/** A `--set` argument: a known awkward one, or a path of the scenario (maybe misspelt) with an odd value. */
export function bogusSet(paths: readonly YamlPath[], prng: Prng): string {
  if (paths.length === 0 || prng.chance(0.4)) return prng.pick(FIXED_SETS);
  const path = prng.pick(paths);
  const last = path[path.length - 1];
  let value = prng.chance(0.3) ? String(extremeNumber(prng)) : prng.chance(0.2) ? strangeString('', prng) : prng.pick(SET_VALUES);
  if (typeof last === 'string' && SIZE_KEYS.has(last) && Number.isFinite(Number(value)) && value.trim() !== '') value = String(capSize(Number(value)));
  return `${formatYamlPath(path)}=${value}`;
}

const OPTIONS: ReadonlyArray<readonly string[]> = [
  ['--output', 'xml'], ['-o'], ['-o', 'yaml'], ['-o', 'wide'], ['--set'], ['--unknown'], ['--quiet=maybe'], ['--quiet', '--quiet'], ['-o', 'json', '-o', 'text'],
  ['--at', '1e400s'], ['--at', '-1s'], ['--at', '0.5ms'], ['--at'], ['--name', ''], ['-n'], ['-A', '-n', 'x'], ['--', 'extra'], ['extra-positional'],
  ['--help'], ['--version'], ['-h'], ['--set=__proto__.x=1'], ['--no-quiet'], ['--output=json'], ['-oJSON'], ['--set', '--set'], ['-'], ['--'],
  ['--output', ''], ['--set', ''], ['--\u0000'], ['--__proto__'], ['--constructor', 'x'], ['--set.x', '1'], ['--o', 'json'],
];

export function bogusOption(prng: Prng): string[] {
  return [...prng.pick(OPTIONS)];
}
