// jsonEqual agrees with comparing JSON.stringify output, key order aside.
import { describe, expect, it } from 'vitest';
import { jsonEqual } from '../../models/kube/json-equal.js';

const CASES: Array<[unknown, unknown, boolean]> = [
  [{ a: 1, b: [1, 2, { c: 'x' }] }, { b: [1, 2, { c: 'x' }], a: 1 }, true],
  [{ a: 1 }, { a: 1, b: undefined }, true],
  [{ a: 1 }, { a: 1, b: null }, false],
  [[1, 2], [2, 1], false],
  [[1, 2], { 0: 1, 1: 2 }, false],
  [null, {}, false],
  [{ a: { b: { c: [true] } } }, { a: { b: { c: [false] } } }, false],
  [{ ready: true, serving: true }, { ready: true }, false],
  ['1', 1, false],
  [null, null, true],
];

describe('jsonEqual', () => {
  it.each(CASES)('%j vs %j → %s', (a, b, equal) => {
    expect(jsonEqual(a, b)).toBe(equal);
    expect(jsonEqual(b, a)).toBe(equal);
  });
});
