import { describe, expect, it } from 'vitest';
import { formatProblem } from '../../sim/scenario/format-problem.js';
import type { ScenarioProblem } from '../../sim/scenario/types.js';

const at = { file: 'scenarios/a/scenario.yaml', line: 12, col: 7 };

describe('formatProblem', () => {
  it.each<[ScenarioProblem, string]>([
    [
      { ...at, path: 'probes[0].exec.target', message: 'expected a string', severity: 'error' },
      'scenarios/a/scenario.yaml:12:7: probes[0].exec.target: expected a string',
    ],
    [
      { ...at, path: 'kind', message: 'unknown kind Route (apiVersion route.openshift.io/v1); ignored', severity: 'warning' },
      'scenarios/a/scenario.yaml:12:7: kind: warning: unknown kind Route (apiVersion route.openshift.io/v1); ignored',
    ],
    [
      { ...at, path: 'kind', message: 'kind Secret does not affect the network; accepted and ignored', severity: 'note' },
      'scenarios/a/scenario.yaml:12:7: kind: note: kind Secret does not affect the network; accepted and ignored',
    ],
    [
      { ...at, path: '', message: 'Map keys must be unique', severity: 'error' },
      'scenarios/a/scenario.yaml:12:7: Map keys must be unique',
    ],
  ])('prints FILE:LINE:COL: PATH: MESSAGE (%#)', (problem, line) => {
    expect(formatProblem(problem)).toBe(line);
  });
});

describe('formatProblem on values that hold control characters', () => {
  it.each([
    ['a\nb', '"a\\nb"'],
    ['a\r\nb', '"a\\r\\nb"'],
    ['tab\there', '"tab\\there"'],
    ['\u001b[31mred', '"\\u001b[31mred"'],
    ['line\u2028separator', '"line\\u2028separator"'],
    ['next\u0085line', '"next\\u0085line"'],
  ])('prints %j on one line', (value, shown) => {
    const line = formatProblem({ ...at, path: 'metadata.name', message: `"${value}" is not a DNS label`, severity: 'error' });
    expect(line).toBe(`scenarios/a/scenario.yaml:12:7: metadata.name: ${shown} is not a DNS label`);
    expect(line.split(/[\n\r\u2028\u2029\u0085]/)).toHaveLength(1);
  });
});
