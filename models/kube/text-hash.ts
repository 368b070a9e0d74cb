// FNV-1a (32 bits) over a text's UTF-8 bytes, as names.ts fnv32a, without encoding the text first:
// ids made per event and per container (hundreds of thousands at 50 000 pods) are ASCII.
import { fnv32a } from './names.js';

export function fnv32aText(text: string): number {
  let hash = 2166136261;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code > 0x7f) return fnv32a(text);
    hash = Math.imul(hash ^ code, 16777619);
  }
  return hash >>> 0;
}

/** fnv32aText of the text and, from the same pass, a second 32-bit hash (FNV-1a from another
 * offset): together 64 bits, enough to tell hundreds of thousands of ids apart. */
export function fnv32aTextPair(text: string): [number, number] {
  let hash = 2166136261;
  let other = 0x811c9dc5 ^ 0x5bd1e995;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code > 0x7f) return [fnv32a(text), fnv32a(`${text}#`)];
    hash = Math.imul(hash ^ code, 16777619);
    other = Math.imul(other ^ code, 16777619);
  }
  return [hash >>> 0, other >>> 0];
}

/** murmur3's 32-bit finaliser: spreads every input bit over the output. */
export function mix32(value: number): number {
  let h = value >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

const HEX = '0123456789abcdef';

/** A word as eight hex digits. */
export function hex8(word: number): string {
  let text = '';
  for (let shift = 28; shift >= 0; shift -= 4) text += HEX[(word >>> shift) & 15]!;
  return text;
}
