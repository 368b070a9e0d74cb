import { describe, expect, it } from 'vitest';
import { parseYamlSource } from '../../sim/scenario/yaml-source.js';

const TEXT = [
  'metadata:', //                1
  '  name: sleep', //            2
  'spec:', //                    3
  '  ports:', //                 4
  '    - port: 80', //           5
  '      targetPort: http', //   6
  '    - {port: 8080}', //       7
  '---', //                      8
  '---', //                      9
  '# a comment', //             10
  'kind: Namespace', //         11
].join('\n');

describe('parseYamlSource', () => {
  const source = parseYamlSource('m.yaml', TEXT);
  const [first, second] = source.documents;

  it('gives each non-empty document as plain data, skipping empty ones', () => {
    expect(source.problems).toEqual([]);
    expect(source.documents.map((doc) => doc.value)).toEqual([
      { metadata: { name: 'sleep' }, spec: { ports: [{ port: 80, targetPort: 'http' }, { port: 8080 }] } },
      { kind: 'Namespace' },
    ]);
  });

  it.each([
    [['metadata', 'name'], 2, 3],
    [['spec', 'ports'], 4, 3],
    [['spec', 'ports', 0], 5, 7],
    [['spec', 'ports', 0, 'targetPort'], 6, 7],
    [['spec', 'ports', 1, 'port'], 7, 8],
    [[], 1, 1],
  ])('locates %j at the key or item (%i:%i)', (path, line, col) => {
    expect(first?.locate(path)).toEqual({ file: 'm.yaml', line, col });
  });

  it.each([
    [['metadata', 'namespace'], 1, 1],
    [['spec', 'ports', 5, 'port'], 4, 3],
    [['spec', 'ports', 1, 'port', 'deeper'], 7, 8],
  ])('falls back to the nearest existing ancestor for %j', (path, line, col) => {
    expect(first?.locate(path)).toEqual({ file: 'm.yaml', line, col });
    expect(first?.has(path)).toBe(false);
  });

  it('gives where each document starts, after markers and comments', () => {
    expect(first?.source).toEqual({ file: 'm.yaml', line: 1, col: 1 });
    expect(second?.source).toEqual({ file: 'm.yaml', line: 11, col: 1 });
  });

  it('reports a syntax error at its position with the first line of the parser message', () => {
    const broken = parseYamlSource('b.yaml', 'a: 1\nb: [1, 2\nc: 3\n');
    expect(broken.documents).toEqual([]);
    expect(broken.problems).toEqual([
      expect.objectContaining({ file: 'b.yaml', line: 3, col: 1, path: '', severity: 'error' }),
    ]);
    expect(broken.problems[0]?.message).not.toContain('\n');
  });

  it('reports a duplicate key as an error at the second key', () => {
    const duplicate = parseYamlSource('d.yaml', 'a: 1\na: 2\n');
    expect(duplicate.problems).toEqual([
      { file: 'd.yaml', line: 2, col: 1, path: '', message: 'Map keys must be unique', severity: 'error' },
    ]);
  });
});
