import { describe, expect, it } from 'vitest';
import {
  canonicalJson,
  fnv32a,
  generateName,
  maxGeneratedNameLength,
  nameAlphabet,
  podTemplateHash,
  randomSuffix,
  safeEncodeString,
} from '../../models/kube/names.js';

/** A deterministic stand-in for the seeded stream: cycles through the given values. */
function cycling(values: number[]): (n: number) => number {
  let i = 0;
  return (n) => (values[i++ % values.length] ?? 0) % n;
}

describe('fnv32a', () => {
  it.each([
    ['', 2166136261],
    ['a', 0xe40c292c],
    ['foobar', 0xbf9cf968],
  ])('hashes %j to the FNV-1a test vector', (text, expected) => {
    expect(fnv32a(text)).toBe(expected);
  });

  it('hashes the UTF-8 bytes of non-ASCII text', () => {
    // U+00E9 is c3 a9 in UTF-8; hashing the UTF-16 unit 0xe9 would give another value.
    expect(fnv32a('\u00e9')).toBe(Math.imul(Math.imul(2166136261 ^ 0xc3, 16777619) ^ 0xa9, 16777619) >>> 0);
  });
});

describe('safeEncodeString', () => {
  it.each([
    ['0', '4'],
    ['1', '5'],
    ['2', '6'],
    ['3', '7'],
    ['4', '8'],
    ['5', '9'],
    ['6', 'b'],
    ['7', 'c'],
    ['8', 'd'],
    ['9', 'f'],
  ])('maps digit %s to %s', (digit, expected) => {
    expect(safeEncodeString(digit)).toBe(expected);
  });

  it('turns the seed hash 3697660868 into httpbin’s 7bfcbb4dbd', () => {
    expect(safeEncodeString('3697660868')).toBe('7bfcbb4dbd');
  });
});

describe('podTemplateHash', () => {
  const template = { metadata: { labels: { app: 'httpbin', version: 'v1' } }, spec: { containers: [{ name: 'httpbin' }] } };

  it('uses only the ten digit characters and at most ten of them', () => {
    expect(podTemplateHash(template)).toMatch(/^[456789bcdf]{1,10}$/);
  });

  it('ignores key order but not content', () => {
    const reordered = { spec: { containers: [{ name: 'httpbin' }] }, metadata: { labels: { version: 'v1', app: 'httpbin' } } };
    expect(podTemplateHash(reordered)).toBe(podTemplateHash(template));
    expect(podTemplateHash({ ...template, spec: { containers: [{ name: 'other' }] } })).not.toBe(podTemplateHash(template));
  });

  it('changes with the collision count, and count 0 differs from none', () => {
    const hashes = new Set([podTemplateHash(template), podTemplateHash(template, 0), podTemplateHash(template, 1)]);
    expect(hashes.size).toBe(3);
  });

  it('serializes canonically: sorted keys, undefined members dropped', () => {
    expect(canonicalJson({ b: 1, a: [undefined, { d: undefined, c: 'x' }], e: null })).toBe(
      '{"a":[null,{"c":"x"}],"b":1,"e":null}',
    );
  });
});

describe('generated names', () => {
  it('draws suffix characters from bcdfghjklmnpqrstvwxz2456789', () => {
    expect(nameAlphabet).toBe('bcdfghjklmnpqrstvwxz2456789');
    expect(randomSuffix(cycling([0, 26, 19, 20, 5]))).toBe('b9z2h');
  });

  it('appends five characters to the base', () => {
    expect(generateName('httpbin-7bfcbb4dbd-', cycling([1, 2, 3, 4, 5]))).toBe('httpbin-7bfcbb4dbd-cdfgh');
  });

  it('cuts a base longer than 58 characters to 58, which can eat the dash', () => {
    const base = `${'a'.repeat(58)}-`;
    const name = generateName(base, cycling([0]));
    expect(maxGeneratedNameLength).toBe(58);
    expect(name).toBe(`${'a'.repeat(58)}bbbbb`);
    expect(name).toHaveLength(63);
  });

  it('refuses a random stream that returns an index outside the alphabet', () => {
    expect(() => randomSuffix(() => 27)).toThrow();
  });
});
