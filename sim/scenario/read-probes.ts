// The scenario's `probes` (scenario.md "A scenario file"): `kubectl exec -n NS TARGET -- COMMAND`
// at a virtual time, with optional expectations; targets are checked against the applied objects.
import { BUILTIN_NAMESPACES } from './kinds.js';
import { readDuration } from './duration.js';
import { LIMITS, overLimitMessage } from './limits.js';
import type { Reporter } from './reporter.js';
import { readList, readMap } from './read-fields.js';
import type { MapReader } from './read-fields.js';
import type { AppliedObject, ProbeExpect, ProbeSpec } from './types.js';

const PROBE_FIELDS = ['name', 'exec', 'at', 'expect'];
const EXEC_FIELDS = ['namespace', 'target', 'command'];
const EXPECT_FIELDS = ['exitCode', 'stdoutContains', 'httpStatus', 'logContains', 'dialedNetwork', 'verdict'];
export const VERDICTS = [
  'delivered', 'unreachable', 'refused', 'timeout', 'dns-failure', 'no-endpoint', 'denied',
] as const;

const TARGET_KINDS: Record<string, ProbeSpec['target']['kind']> = {
  deploy: 'deploy',
  deployment: 'deploy',
  'deployment.apps': 'deploy',
  pod: 'pod',
};

/** Probes in order; `objects` (undefined when some manifest could not be loaded) resolves targets. */
export function readProbes(r: Reporter, value: unknown, objects: readonly AppliedObject[] | undefined): ProbeSpec[] {
  const probes: ProbeSpec[] = [];
  const names = new Set<string>();
  const declared = objects ? declaredObjects(objects) : undefined;
  const items = readList(r, ['probes'], value);
  if (items.length > LIMITS.probes) {
    r.report(['probes', LIMITS.probes], overLimitMessage(`${items.length} probes`, LIMITS.probes, 'probes'));
    return probes;
  }
  items.forEach((item, i) => {
    const probeR = r.within(['probes', i]);
    const probe = readProbe(probeR, item);
    if (!probe) return;
    if (names.has(probe.name)) probeR.report(['name'], `duplicate probe name "${probe.name}"`);
    names.add(probe.name);
    if (declared) checkTargetExists(probeR, probe, declared);
    probes.push(probe);
  });
  return probes;
}

function readProbe(r: Reporter, value: unknown): ProbeSpec | undefined {
  const probe = readMap(r, [], value, true);
  if (!probe) return undefined;
  probe.rejectUnknown(PROBE_FIELDS);
  const name = probe.read('name', 'string', true);
  const exec = probe.child('exec', true);
  exec?.rejectUnknown(EXEC_FIELDS);
  const namespace = exec?.read('namespace', 'string', true);
  const target = exec && readTarget(exec);
  const command = exec && readCommand(exec);
  const atMs = readProbeAtMs(probe);
  const expect = readExpect(probe);
  if (name === undefined || namespace === undefined || !target || command === undefined) return undefined;
  const spec: ProbeSpec = { name, namespace, target, command, locate: r.locate };
  if (atMs !== undefined) spec.atMs = atMs;
  if (expect !== undefined) spec.expect = expect;
  return spec;
}

function readTarget(exec: MapReader): ProbeSpec['target'] | undefined {
  const text = exec.read('target', 'string', true);
  if (text === undefined) return undefined;
  const slash = text.indexOf('/');
  const prefix = text.slice(0, Math.max(slash, 0));
  const kind = slash > 0 && Object.hasOwn(TARGET_KINDS, prefix) ? TARGET_KINDS[prefix] : undefined;
  const name = text.slice(slash + 1);
  if (kind === undefined || name === '' || name.includes('/')) {
    exec.r.report(exec.at('target'), `expected deploy/NAME or pod/NAME, got "${text}"`);
    return undefined;
  }
  return { kind, name };
}

function readCommand(exec: MapReader): string | undefined {
  const command = exec.read('command', 'string', true);
  if (command !== undefined && command.trim() === '') exec.r.report(exec.at('command'), 'expected a non-empty command');
  return command?.trim() === '' ? undefined : command;
}

function readProbeAtMs(probe: MapReader): number | undefined {
  if (!probe.has('at')) return undefined;
  const at = readDuration(probe.map['at']);
  if (!at.ok) probe.r.report(probe.at('at'), at.message);
  return at.ok ? at.ms : undefined;
}

function readExpect(probe: MapReader): ProbeExpect | undefined {
  const expect = probe.child('expect');
  if (!expect) return undefined;
  expect.rejectUnknown(EXPECT_FIELDS);
  const read: ProbeExpect = {
    exitCode: expect.read('exitCode', 'integer'),
    stdoutContains: expect.read('stdoutContains', 'string'),
    httpStatus: expect.read('httpStatus', 'integer'),
    logContains: expect.read('logContains', 'string'),
    dialedNetwork: expect.read('dialedNetwork', 'string'),
    verdict: expect.readEnum('verdict', VERDICTS),
  };
  return Object.fromEntries(Object.entries(read).filter(([, v]) => v !== undefined)) as ProbeExpect;
}


/** `kind|namespace|name` of every object the scenario applies (looked up once per probe). */
function declaredObjects(objects: readonly AppliedObject[]): Set<string> {
  return new Set(objects.map(({ object }) => objectId(object.kind, object.metadata.name, object.metadata.namespace)));
}

function objectId(kind: string, name: string, namespace: string | undefined): string {
  return `${kind}|${namespace ?? ''}|${name}`;
}

function checkTargetExists(r: Reporter, probe: ProbeSpec, declared: Set<string>): void {
  const declares = (kind: string, name: string, namespace?: string): boolean => declared.has(objectId(kind, name, namespace));
  if (!declares('Namespace', probe.namespace) && !BUILTIN_NAMESPACES.has(probe.namespace)) {
    r.report(['exec', 'namespace'], `namespace "${probe.namespace}" not found`);
  }
  const kind = probe.target.kind === 'deploy' ? 'Deployment' : 'Pod';
  if (!declares(kind, probe.target.name, probe.namespace)) {
    const noun = kind === 'Deployment' ? 'deployment' : 'pod';
    r.report(['exec', 'target'], `${noun} "${probe.target.name}" not found in namespace "${probe.namespace}"`);
  }
}

