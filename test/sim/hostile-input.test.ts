// Hostile or careless input through the whole command, in-process: every case ends in a report or in
// problems printed one per line (exit 2), never in an exception, a polluted Object.prototype, a
// process warning on stderr or a run that goes on for minutes.
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { main, type Io } from '../../sim/cli/main.js';

const HEADER = 'apiVersion: udnsim/v1alpha1\nkind: Scenario\nmetadata:\n  name: demo\n';
const NAMESPACE = '      - {apiVersion: v1, kind: Namespace, metadata: {name: a}}\n';

interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `sim ARGS` with `s.yaml` (and other files) in memory; anything else is read from disk. */
async function sim(args: string[], files: Record<string, string> = {}): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const io: Io = {
    stdout: (text) => void (stdout += text),
    stderr: (text) => void (stderr += text),
    readFile: (path) => files[path] ?? readFileSync(path, 'utf8'),
  };
  const code = await main(args, io);
  return { code, stdout, stderr };
}

afterEach(() => {
  // A failing case must not leave the worker's Object.prototype changed for the cases after it.
  delete (Object.prototype as Record<string, unknown>)['at'];
});

describe('--set and the prototype of every object', () => {
  it('refuses __proto__ in a --set path instead of moving every probe', async () => {
    const result = await sim(['run', 'scenarios/l3-cudn.yaml', '--set', '__proto__.at=90s']);
    expect(result).toEqual({ code: 2, stdout: '', stderr: expect.stringMatching(/^--set:1:1: __proto__\.at: .*"__proto__"/) });
    expect(({} as Record<string, unknown>)['at']).toBeUndefined();
  });

  it('refuses __proto__.hasOwnProperty instead of crashing', async () => {
    const hasOwnProperty = Object.prototype.hasOwnProperty;
    try {
      const result = await sim(['run', 'scenarios/l3-cudn.yaml', '--set', '__proto__.hasOwnProperty=1']);
      expect(result.code).toBe(2);
      expect(result.stderr.split('\n')).toEqual([expect.stringMatching(/^--set:1:1: __proto__\.hasOwnProperty: /), '']);
    } finally {
      Object.prototype.hasOwnProperty = hasOwnProperty;
    }
  });
});

describe('times', () => {
  it('refuses an apply entry at a fraction of a millisecond instead of crashing the event queue', async () => {
    const text = `${HEADER}apply:\n  - at: 0.5\n    objects:\n${NAMESPACE}`;
    const result = await sim(['run', 's.yaml'], { 's.yaml': text });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('s.yaml:6:5: apply[0].at: 0.5 ms is not a whole number of milliseconds (the virtual clock counts whole milliseconds)\n');
  });

  it('refuses a probe beyond the printable calendar instead of crashing on its timestamps', async () => {
    const result = await sim(['run', 'scenarios/l3-cudn.yaml', '--set', 'probes[0].at=1e16']);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe("--set:1:1: probes[0].at: 10000000000000000 ms is more than the simulator's limit of 168h of virtual time\n");
  });

  it.each(['0.5ms', '200h'])('refuses sim get --at %s', async (at) => {
    const result = await sim(['get', 'pods', 'scenarios/l3-cudn.yaml', '--at', at]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^sim: invalid --at/);
  });
});

describe('sizes', () => {
  it('refuses 2^32 nodes instead of crashing on the array length', async () => {
    const result = await sim(['run', 's.yaml'], { 's.yaml': `${HEADER}cluster:\n  nodes: 4294967296\n` });
    expect(result).toEqual({ code: 2, stdout: '', stderr: "s.yaml:6:3: cluster.nodes: 4294967296 nodes is more than the simulator's limit of 5000 nodes\n" });
  });

  it('refuses a million replicas before running anything', async () => {
    const deployment =
      '      - {apiVersion: apps/v1, kind: Deployment, metadata: {name: d, namespace: a}, spec: {replicas: 1000000, selector: {matchLabels: {app: d}},\n' +
      '         template: {metadata: {labels: {app: d}}, spec: {containers: [{name: c}]}}}}\n';
    const result = await sim(['run', 's.yaml'], { 's.yaml': `${HEADER}apply:\n  - objects:\n${NAMESPACE}${deployment}` });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      "s.yaml:8:91: apply[0].objects[1].spec.replicas: 1000000 pods in total (this Deployment: 1000000) is more than the simulator's limit of 150000 pods\n",
    );
  });

  it('allocates no ClusterIP from a full service network instead of looking for one forever', async () => {
    const services = ['s1', 's2'].map((name) => `      - {apiVersion: v1, kind: Service, metadata: {name: ${name}, namespace: a}, spec: {ports: [{port: 80}]}}\n`);
    const text = `${HEADER}cluster:\n  serviceNetwork: [172.30.0.0/30]\napply:\n  - objects:\n${NAMESPACE}${services.join('')}`;
    const result = await sim(['get', 'svc', 's.yaml', '-n', 'a'], { 's.yaml': text });
    expect(result.code).toBe(0);
    expect(result.stdout.split('\n').filter((line) => line.startsWith('s'))).toEqual([expect.stringMatching(/^s1 +ClusterIP +172\.30\.0\.2 /)]);
  });
});

describe('deep documents', () => {
  it('refuses a manifest nested 800 levels deep instead of overflowing the stack in -o yaml', async () => {
    const deep = `${'{a: '.repeat(800)}b${'}'.repeat(800)}`;
    const pod = `      - {apiVersion: v1, kind: Pod, metadata: {name: p, namespace: a}, spec: {containers: [{name: c}], x: ${deep}}}\n`;
    const result = await sim(['get', 'pods', 's.yaml', '-o', 'yaml'], { 's.yaml': `${HEADER}apply:\n  - objects:\n${NAMESPACE}${pod}` });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^s\.yaml:8:\d+: nested more than 64 levels deep\n$/);
  });

  it('refuses a manifest that contains itself through an alias instead of recursing forever', async () => {
    const pod = '      - {apiVersion: v1, kind: Pod, metadata: {name: p, namespace: a}, spec: {containers: [{name: c}], x: &loop [*loop]}}\n';
    const result = await sim(['get', 'pods', 's.yaml', '-o', 'json'], { 's.yaml': `${HEADER}apply:\n  - objects:\n${NAMESPACE}${pod}` });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^s\.yaml:8:\d+: .*alias.*\n$/);
  });
});

describe('one problem, one line', () => {
  it('prints a --set value with a newline in it on the problem\'s own line', async () => {
    const result = await sim(['run', 'scenarios/l3-cudn.yaml', '--set', 'metadata.name="a\\nb"']);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('--set:1:1: metadata.name: "a\\nb" is not a DNS label (lowercase letters, digits and "-", at most 63 characters)\n');
  });
});

describe('YAML warnings', () => {
  it('reports an unresolved tag in a --set value as a warning at --set:1:1, not as a process warning', async () => {
    const emitWarning = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    try {
      const result = await sim(['run', 'scenarios/l3-cudn.yaml', '-o', 'json', '--set', 'metadata.description=!!foo bar']);
      expect(emitWarning).not.toHaveBeenCalled();
      expect(result.code).toBe(0);
      expect(result.stderr).toBe('');
    } finally {
      emitWarning.mockRestore();
    }
  });

  it('refuses a map key that is a list instead of warning on stderr', async () => {
    const emitWarning = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    try {
      const result = await sim(['run', 's.yaml'], { 's.yaml': `${HEADER}cluster:\n  ? [a, b]\n  : c\n` });
      expect(emitWarning).not.toHaveBeenCalled();
      expect(result.code).toBe(2);
      expect(result.stderr).toBe('s.yaml:6:5: a map key must be a string, number or boolean, not a list or map\n');
    } finally {
      emitWarning.mockRestore();
    }
  });
});
