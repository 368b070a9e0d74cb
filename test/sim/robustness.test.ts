// A bad manifest never crashes the simulator (issue #4): seeded random damage to the fields of real
// scenario manifests — wrong types, nulls, empty collections — must end in a report (exit 0 or 1)
// or in problems (exit 2), never in an exception.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments, stringify } from 'yaml';
import { createRng } from '../../sim/engine/rng.js';
import { runCommand, type Io } from '../../sim/cli/main.js';

/** Manifest files, each with a scenario that applies it. */
const MANIFESTS: Array<[file: string, scenario: string]> = [
  ['scenarios/manifests/seed/03-cudn.yaml', 'scenarios/l3-cudn.yaml'],
  ['scenarios/manifests/seed/05-istio.yaml', 'scenarios/l3-cudn.yaml'],
  ['scenarios/manifests/seed/08-httpbin.yaml', 'scenarios/l3-cudn.yaml'],
  ['scenarios/manifests/seed/07-sleep.yaml', 'scenarios/l3-cudn.yaml'],
  ['scenarios/manifests/mixed/01-namespaces.yaml', 'scenarios/mixed-cluster.yaml'],
  ['scenarios/manifests/mesh/istio-upstream.yaml', 'scenarios/mixed-cluster.yaml'],
  ['scenarios/manifests/secondary/apps.yaml', 'scenarios/secondary.yaml'],
  ['scenarios/manifests/headless/02-web-statefulset.yaml', 'scenarios/headless.yaml'],
];
const DAMAGE: unknown[] = [null, 42, -1, 'x', '', [], {}, true, [1, 2], { a: 'b' }, '10.300.0.0/16', 'fd00::/200'];

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function paths(value: Json, prefix: Array<string | number> = []): Array<Array<string | number>> {
  if (value === null || typeof value !== 'object') return [prefix];
  const children = Array.isArray(value) ? value.map((v, i) => paths(v, [...prefix, i])) : Object.entries(value).map(([k, v]) => paths(v, [...prefix, k]));
  return [prefix, ...children.flat()];
}

function damaged(doc: Json, path: Array<string | number>, replacement: unknown): Json {
  if (path.length === 0) return replacement as Json;
  const [head, ...rest] = path;
  const copy = (Array.isArray(doc) ? [...doc] : { ...(doc as object) }) as Record<string | number, Json>;
  copy[head!] = damaged(copy[head!] ?? null, rest, replacement);
  return copy as Json;
}

describe('damaged manifests', () => {
  const rng = createRng(2026);
  const cases = Array.from({ length: 150 }, (_, i) => {
    const [file, scenario] = MANIFESTS[rng.nextInt(MANIFESTS.length)]!;
    const docs = parseAllDocuments(readFileSync(file, 'utf8')).map((d) => d.toJS() as Json).filter((d) => d !== null);
    const which = rng.nextInt(docs.length);
    const all = paths(docs[which]!).filter((p) => p.length > 0);
    const path = all[rng.nextInt(all.length)]!;
    const replacement = DAMAGE[rng.nextInt(DAMAGE.length)];
    const text = docs.map((d, j) => stringify(j === which ? damaged(d, path, replacement) : d)).join('---\n');
    return { name: `${i}: ${file.split('/').pop()} ${path.join('.')} = ${JSON.stringify(replacement)}`, file, scenario, text };
  });

  it.each(cases)('ends in a report or in problems, never in an exception (%#)', ({ file, scenario, text }) => {
    let stdout = '';
    let stderr = '';
    const io: Io = { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), readFile: (p) => (p === file ? text : readFileSync(p, 'utf8')) };
    const code = runCommand(scenario, [], 'text', io);
    expect([0, 1, 2]).toContain(code);
    if (code === 2) expect(stderr).toMatch(/^\S+:\d+:\d+: /);
    else expect(stdout).toContain('== Probe ');
  });
});
