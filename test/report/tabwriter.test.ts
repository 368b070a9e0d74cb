import { describe, expect, it } from 'vitest';
import { alignTabbedText, formatTable, istioctlTableOptions, kubectlTableOptions } from '../../sim/report/tabwriter.js';

describe('formatTable (Go text/tabwriter)', () => {
  it('pads every column but the last to its widest cell plus the padding', () => {
    const text = formatTable(
      [
        ['NAME', 'READY', 'AGE'],
        ['httpbin-7bfcbb4dbd-6fxmz', '1/1', '8m5s'],
      ],
      { padding: 3 },
    );
    expect(text).toBe('NAME                       READY   AGE\nhttpbin-7bfcbb4dbd-6fxmz   1/1     8m5s\n');
  });

  it('never pads the trailing cell, even when it is shorter than others in its column', () => {
    const text = formatTable([['a', 'long-last'], ['b', 'x']], istioctlTableOptions);
    expect(text).toBe('a long-last\nb x\n');
  });

  it('applies the minimum width, padding included (kubectl: 6)', () => {
    expect(formatTable([['IP', 'X'], ['a', 'b']], kubectlTableOptions)).toBe('IP    X\na     b\n');
  });

  it('counts characters, not bytes', () => {
    expect(formatTable([['é', 'x'], ['ab', 'y']], { padding: 1 })).toBe('é  x\nab y\n');
  });

  it('sizes a column only over the contiguous block of lines that have it', () => {
    const text = alignTabbedText('aaaaaa\tb\nsingle\nc\td\n', { padding: 1 });
    expect(text).toBe('aaaaaa b\nsingle\nc d\n');
  });

  it('returns nothing for no rows', () => {
    expect(formatTable([], { padding: 1 })).toBe('');
  });
});
