import { describe, expect, it } from 'vitest';
import { humanDuration, shortHumanDuration } from '../../sim/report/human-duration.js';

const s = 1000;
const m = 60 * s;
const h = 60 * m;
const d = 24 * h;
const y = 365 * d;

describe('humanDuration (kubectl AGE)', () => {
  it.each([
    [-2 * s, '<invalid>'],
    [-1999, '0s'],
    [-1 * s, '0s'],
    [-500, '0s'],
    [0, '0s'],
    [45 * s, '45s'],
    [119 * s + 999, '119s'],
    [2 * m, '2m'],
    [8 * m + 3 * s, '8m3s'],
    [8 * m + 5 * s, '8m5s'],
    [8 * m, '8m'],
    [9 * m + 59 * s, '9m59s'],
    [10 * m + 30 * s, '10m'],
    [179 * m + 59 * s, '179m'],
    [3 * h, '3h'],
    [2 * h + 30 * m, '150m'],
    [3 * h + 30 * m, '3h30m'],
    [7 * h + 59 * m, '7h59m'],
    [8 * h + 30 * m, '8h'],
    [47 * h + 59 * m, '47h'],
    [2 * d, '2d'],
    [3 * d + 4 * h, '3d4h'],
    [7 * d + 23 * h, '7d23h'],
    [8 * d + 5 * h, '8d'],
    [12 * d, '12d'],
    [729 * d + 23 * h, '729d'],
    [2 * y, '2y'],
    [2 * y + 3 * d, '2y3d'],
    [7 * y + 364 * d, '7y364d'],
    [8 * y + 100 * d, '8y'],
    [12 * y, '12y'],
  ])('prints %d ms as %s', (ms, expected) => {
    expect(humanDuration(ms)).toBe(expected);
  });
});

describe('shortHumanDuration', () => {
  it.each([
    [-3 * s, '<invalid>'],
    [-1500, '0s'],
    [59 * s, '59s'],
    [8 * m + 5 * s, '8m'],
    [23 * h + 59 * m, '23h'],
    [364 * d, '364d'],
    [3 * y + 10 * d, '3y'],
  ])('prints %d ms as %s', (ms, expected) => {
    expect(shortHumanDuration(ms)).toBe(expected);
  });
});
