import { describe, expect, it } from 'vitest';
import { durationValueMs, parseDurationMs } from '../../sim/scenario/duration.js';

describe('parseDurationMs', () => {
  it.each([
    ['500ms', 500],
    ['30s', 30_000],
    ['2m', 120_000],
    ['1m30s', 90_000],
    ['1h', 3_600_000],
    ['1.5s', 1500],
    ['0', 0],
  ])('reads %s as %d ms', (text, ms) => {
    expect(parseDurationMs(text)).toBe(ms);
  });

  it.each(['', '30', 'soon', '5 s', '-1s', '1d', 's', '1m30', '1.5ms', '0.0005s', '169h', `${'9'.repeat(400)}h`])('refuses %j', (text) => {
    expect(parseDurationMs(text)).toBeUndefined();
  });
});

describe('durationValueMs', () => {
  it('takes a number as milliseconds', () => {
    expect(durationValueMs(2500)).toBe(2500);
  });

  it.each([[-1], [true], [null], [[1]], [0.5], [Infinity], [Number.NaN], [604_800_001]])('refuses %j', (value) => {
    expect(durationValueMs(value)).toBeUndefined();
  });
});
