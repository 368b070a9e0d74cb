// YAML that would reach into JavaScript's objects, nest without end or contain itself: refused at its
// position, for scenario files, manifests and --set values alike, and never read through a prototype.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseYamlSource } from '../../sim/scenario/yaml-source.js';
import { HEADER, load, loadOk, problemLines } from './in-memory-files.js';

const NAMESPACE = 'apply:\n  - objects:\n      - {apiVersion: v1, kind: Namespace, metadata: {name: a}}\n';

afterEach(() => {
  delete (Object.prototype as Record<string, unknown>)['seed'];
});

describe('__proto__, constructor and prototype', () => {
  it('refuses a __proto__ key in a manifest at its position', () => {
    const manifest = 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: a\n  labels:\n    __proto__: {app: x}\n';
    expect(problemLines(`${HEADER}apply:\n  - file: ns.yaml\n`, { 'ns.yaml': manifest })).toEqual(['ns.yaml:6:5: a key named "__proto__" is not allowed']);
  });

  it('refuses a quoted "__proto__" key in the scenario file', () => {
    expect(problemLines(`${HEADER}cluster:\n  "__proto__": {nodes: 1}\n`)).toEqual(['s.yaml:6:3: a key named "__proto__" is not allowed']);
  });

  it.each([
    ['constructor.x=1', 'constructor'],
    ['cluster.constructor.prototype.x=1', 'constructor'],
    ['cluster.prototype=1', 'prototype'],
  ])('refuses --set %s', (set, segment) => {
    const path = set.split('=')[0];
    expect(problemLines(HEADER, {}, [set])).toEqual([`--set:1:1: ${path}: "${segment}" is not allowed in a --set path: it names no scenario field`]);
  });

  it('refuses a __proto__ key inside a --set flow value', () => {
    expect(problemLines(HEADER, {}, ['cluster={__proto__: {nodes: 1}}'])).toEqual([
      '--set:1:1: cluster: invalid value "{__proto__: {nodes: 1}}": a key named "__proto__" is not allowed',
    ]);
  });

  it('writes a field named like an Object method as the scenario\'s own field', () => {
    expect(problemLines(HEADER, {}, ['cluster.toString.x=1'])).toEqual(['--set:1:1: cluster.toString: unknown field "toString"']);
  });

  it('reads only the fields a map has, not what Object.prototype holds', () => {
    (Object.prototype as Record<string, unknown>)['seed'] = 7;
    expect(loadOk(HEADER).seed).toBe(1);
  });

  it('takes a probe target prefix only from its own table', () => {
    const probe = 'probes:\n  - name: p\n    exec: {namespace: a, target: constructor/x, command: id}\n';
    expect(problemLines(`${HEADER}${NAMESPACE}${probe}`)).toEqual(['s.yaml:10:26: probes[0].exec.target: expected deploy/NAME or pod/NAME, got "constructor/x"']);
  });
});

describe('nesting', () => {
  const nested = (levels: number): string => `${'['.repeat(levels)}${']'.repeat(levels)}`;

  it('accepts 64 levels, the scenario itself being the first', () => {
    const source = parseYamlSource('d.yaml', `a: ${nested(63)}\n`);
    expect(source.problems).toEqual([]);
  });

  it('refuses 65 levels at the list that crosses the limit', () => {
    expect(parseYamlSource('d.yaml', `a: ${nested(64)}\n`).problems).toEqual([
      { file: 'd.yaml', line: 1, col: 67, path: '', message: 'nested more than 64 levels deep', severity: 'error' },
    ]);
  });

  it('refuses a block map nested 100 levels deep at the 65th', () => {
    const text = Array.from({ length: 100 }, (_, i) => `${' '.repeat(i)}k:`).join('\n');
    expect(parseYamlSource('d.yaml', text).problems.map((p) => `${p.line}:${p.col} ${p.message}`)).toEqual(['65:65 nested more than 64 levels deep']);
  });

  it('refuses 100 000 levels quickly, without overflowing the stack', () => {
    const started = Date.now();
    expect(parseYamlSource('d.yaml', `a: ${nested(100_000)}\n`).problems.map((p) => p.message)).toEqual(['nested more than 64 levels deep']);
    expect(Date.now() - started).toBeLessThan(20_000);
  });

  it('counts the levels an alias brings in', () => {
    const anchored = `a: &deep ${nested(40)}\nb: ${'['.repeat(30)}*deep${']'.repeat(30)}\n`;
    expect(parseYamlSource('d.yaml', anchored).problems.map((p) => p.message)).toEqual(['nested more than 64 levels deep']);
  });

  it('refuses a --set value that would nest the scenario too deep', () => {
    expect(problemLines(HEADER, {}, [`cluster.x=${nested(63)}`])).toEqual(['--set:1:1: cluster.x: nested more than 64 levels deep']);
  });

  it('refuses a list that contains itself at the alias', () => {
    expect(parseYamlSource('d.yaml', 'a:\n  b: &loop\n    - x\n    - *loop\n').problems).toEqual([
      { file: 'd.yaml', line: 4, col: 7, path: '', message: 'an alias here refers to a map or list that contains it: the document would contain itself', severity: 'error' },
    ]);
  });

  it('still accepts manifests shared through aliases', () => {
    const text = 'a: &labels {app: x}\nb: *labels\nc: [*labels, *labels]\n';
    expect(parseYamlSource('d.yaml', text).documents[0]?.value).toEqual({ a: { app: 'x' }, b: { app: 'x' }, c: [{ app: 'x' }, { app: 'x' }] });
  });
});

describe('tags and keys', () => {
  it('reports an unresolved tag as a warning at its position and takes the value as written', () => {
    const emitWarning = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    try {
      const result = load(`${HEADER}  description: !custom hello\n`);
      expect(result.ok && result.scenario.description).toBe('hello');
      expect(problemLines(`${HEADER}  description: !custom hello\n`)).toEqual(['s.yaml:5:16: warning: Unresolved tag: !custom']);
      expect(emitWarning).not.toHaveBeenCalled();
    } finally {
      emitWarning.mockRestore();
    }
  });

  it('reports an unresolved tag in a --set value as a warning at --set:1:1', () => {
    expect(problemLines(HEADER, {}, ['metadata.description=!!foo bar'])).toEqual(['--set:1:1: metadata.description: warning: Unresolved tag: tag:yaml.org,2002:foo']);
  });

  it('refuses a map key that is a map, at the key', () => {
    expect(problemLines(`${HEADER}cluster: {{a: 1}: b}\n`)).toEqual(['s.yaml:5:11: a map key must be a string, number or boolean, not a list or map']);
  });
});

describe('one problem, one line', () => {
  it('escapes the newline of a quoted value', () => {
    const lines = problemLines('apiVersion: udnsim/v1alpha1\nkind: Scenario\nmetadata:\n  name: |\n    a\n    b\n');
    expect(lines).toEqual(['s.yaml:4:3: metadata.name: "a\\nb\\n" is not a DNS label (lowercase letters, digits and "-", at most 63 characters)']);
  });
});
