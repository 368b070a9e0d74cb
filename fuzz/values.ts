// The damaging values the mutations draw from: wrong types, extreme numbers, awkward strings, and
// the one bound every case keeps — sizes (nodes, replicas) stay small so a run never takes seconds.
import type { Prng } from './prng.js';

/** Keys whose number is a count of things the simulator makes; larger valid counts are capped. */
export const SIZE_KEYS = new Set(['nodes', 'replicas']);
export const SIZE_CAP = 40;

/** A size the simulator would accept and have to build (too slow for a case) becomes SIZE_CAP; an
 * invalid one (negative, fractional, at least 2^32, not finite) is left for the validation to refuse. */
export function capSize(value: number): number {
  return Number.isInteger(value) && value > SIZE_CAP && value < 2 ** 32 ? SIZE_CAP : value;
}

export const EXTREME_NUMBERS: readonly number[] = [
  0, -1, -0, 0.5, 1.5, -2.5, 1e6, 2 ** 31 - 1, 2 ** 31, 4294967295, 4294967296, 2 ** 53 + 2,
  1e21, 1e308, -1e308, 5e-324, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY,
];

const STRANGE_STRINGS: readonly string[] = [
  '', ' ', '\t', '\n', 'a\nb', 'a\r\nb', '\u0000', 'x\u0000y', '\u001b[31mred\u001b[0m', '\u007f', '\ufeff',
  '\u2028', '\u2029', '\u200b', '\u202eevil', 'é', 'e\u0301', '😀', '𝔘𝔇𝔑', '日本語', 'ﬀ', 'İ', '\ufffd',
  '~', 'null', 'true', 'NaN', '.nan', '-', '---', '...', '#', '&a', '*a', '!tag', '%', '@', '`', '"', "'",
  '{}', '[]', '\\', '/', '../', '..', '%s%n', '${x}', '$(x)', '0x10', '1_000', '1e3', '010', '+1', '-0',
  'a'.repeat(64), 'A-Z', '3.3.0.0/16', '3.3.0.0/33', '::/0', 'fd00::/200', '10.0.0.1', '999.1.1.1',
];

/** A value of a different type than `current` (string ↔ number ↔ bool ↔ list ↔ map ↔ null). */
export function retypedValue(current: unknown, prng: Prng): unknown {
  const choices: unknown[] = [
    'x', 'text', String(current ?? ''), 42, 0, -7, 3.25, true, false, null, [], ['a', 1], [[]], {}, { a: 1 }, { x: { y: [] } },
  ];
  const kind = kindOf(current);
  const others = choices.filter((value) => kindOf(value) !== kind);
  return prng.pick(others.length > 0 ? others : choices);
}

function kindOf(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return 'list';
  return typeof value;
}

export function extremeNumber(prng: Prng): number {
  return prng.pick(EXTREME_NUMBERS);
}

/** A long string: one letter repeated, or random letters and spaces (up to 200 000 characters). */
export function longString(prng: Prng): string {
  const length = prng.pick([300, 5_000, 70_000, 200_000]);
  if (prng.chance(0.5)) return prng.pick(['a', 'x', '-', ' ', '0', 'é']).repeat(length);
  const letters = 'abcdefghijklmnopqrstuvwxyz0123456789 -./:';
  let text = '';
  for (let i = 0; i < Math.min(length, 5_000); i++) text += letters[prng.int(letters.length)];
  return text.repeat(Math.ceil(length / text.length)).slice(0, length);
}

/** Unicode, control characters and newlines, alone or around the current text. */
export function strangeString(current: unknown, prng: Prng): string {
  const strange = prng.pick(STRANGE_STRINGS);
  const base = typeof current === 'string' ? current : '';
  switch (prng.int(4)) {
    case 0:
      return strange;
    case 1:
      return `${base}${strange}`;
    case 2:
      return `${strange}${base}`;
    default: {
      const at = prng.int(base.length + 1);
      return `${base.slice(0, at)}${strange}${base.slice(at)}`;
    }
  }
}

/** A typo: a letter dropped, doubled, swapped with the next, replaced, or its case changed. */
export function typo(text: string, prng: Prng): string {
  if (text.length === 0) return 'x';
  const at = prng.int(text.length);
  const letter = text[at]!;
  switch (prng.int(5)) {
    case 0:
      return text.length > 1 ? text.slice(0, at) + text.slice(at + 1) : `${text}${text}`;
    case 1:
      return text.slice(0, at) + letter + text.slice(at);
    case 2:
      return at + 1 < text.length ? text.slice(0, at) + text[at + 1] + letter + text.slice(at + 2) : `${text}s`;
    case 3:
      return text.slice(0, at) + prng.pick([...'aeiouxz_-.']) + text.slice(at + 1);
    default:
      return text.slice(0, at) + (letter === letter.toUpperCase() ? letter.toLowerCase() : letter.toUpperCase()) + text.slice(at + 1);
  }
}

export const PROTO_KEYS: readonly string[] = ['__proto__', 'constructor', 'prototype', 'hasOwnProperty', 'toString', 'valueOf', '__defineGetter__'];
