// Mutations of a file's raw text: cut at a byte, random bytes inserted, odd line endings and
// indentation, or the whole file replaced. Bytes are decoded as `readFileSync(path, 'utf8')` would,
// so the text a case runs with is the text its reproducer file holds.
import type { Prng } from './prng.js';

type TextMutation = (text: string, prng: Prng) => { text: string; detail: string };

/** Bytes worth inserting; no digits, so an insertion never turns a small count into a large one. */
const BYTES = [
  0x00, 0x09, 0x0a, 0x0d, 0x1b, 0x7f, 0x80, 0xa0, 0xc3, 0xe2, 0xfe, 0xff, 0x20, 0x3a, 0x2d, 0x5b, 0x5d, 0x7b, 0x7d, 0x26, 0x2a,
  0x21, 0x25, 0x7c, 0x3e, 0x22, 0x27, 0x23, 0x3f, 0x2c, 0x40, 0x60, 0x5c,
];

const WHOLE_FILES = [
  '', '\n', '---\n', '---\n---\n', '...\n', 'null\n', '~\n', '[]\n', '{}\n', '42\n', '"x"\n', 'true\n', '- a\n- b\n', '%YAML 1.2\n---\n',
  '%YAML 9.9\n---\na: 1\n', '%TAG ! tag:example.com,2000:\n---\n!x a: 1\n', '\ufeff', '# only a comment\n', 'a: 1\n---\nb: 2\n',
  '\u0000\u0000\u0000', 'key: [unclosed\n', 'key: "unclosed\n', '? complex\n: key\n', '? [a, b]\n: c\n', '{[a]: b}\n', '*undefined_alias\n',
  '&a [*a]\n', 'a: &a b\nc: *a\n', '<<: {a: 1}\n', 'apiVersion: udnsim/v1alpha1\nkind: Scenario\n', 'apiVersion: udnsim/v1alpha1\nkind: Scenario\nmetadata: {name: x}\n',
];

export const TEXT_MUTATIONS = {
  truncate(text, prng) {
    const bytes = Buffer.from(text, 'utf8');
    const at = prng.int(bytes.length + 1);
    return { text: bytes.subarray(0, at).toString('utf8'), detail: `cut at byte ${at} of ${bytes.length}` };
  },
  'insert-bytes'(text, prng) {
    let bytes = Buffer.from(text, 'utf8');
    const count = prng.between(1, 8);
    const where: number[] = [];
    for (let i = 0; i < count; i++) {
      const at = prng.int(bytes.length + 1);
      const run = Buffer.from(Array.from({ length: prng.between(1, 3) }, () => prng.pick(BYTES)));
      bytes = Buffer.concat([bytes.subarray(0, at), run, bytes.subarray(at)]);
      where.push(at);
    }
    return { text: bytes.toString('utf8'), detail: `${count} runs of random bytes at ${where.join(',')}` };
  },
  'line-endings'(text, prng) {
    const style = prng.pick(['\r\n', '\r', '\u2028', '\u0085']);
    return { text: text.replace(/\n/g, style), detail: `line endings ${JSON.stringify(style)}` };
  },
  'tab-indent'(text, prng) {
    const lines = text.split('\n');
    const indented = lines.map((line, i) => ({ line, i })).filter(({ line }) => /^ +\S/.test(line));
    if (indented.length === 0) return { text, detail: 'no indented line' };
    const { i } = prng.pick(indented);
    lines[i] = lines[i]!.replace(/^ +/, (spaces) => '\t'.repeat(Math.max(1, Math.floor(spaces.length / 2))));
    return { text: lines.join('\n'), detail: `tabs on line ${i + 1}` };
  },
  'shuffle-lines'(text, prng) {
    const lines = text.split('\n');
    const i = prng.int(lines.length);
    const j = prng.int(lines.length);
    const action = prng.pick(['delete', 'duplicate', 'swap'] as const);
    if (action === 'delete') lines.splice(i, 1);
    else if (action === 'duplicate') lines.splice(i, 0, lines[i]!);
    else [lines[i], lines[j]] = [lines[j]!, lines[i]!];
    return { text: lines.join('\n'), detail: `${action} line ${i + 1}${action === 'swap' ? ` with ${j + 1}` : ''}` };
  },
  'whole-file'(_text, prng) {
    const text = prng.pick(WHOLE_FILES);
    return { text, detail: `replaced by ${JSON.stringify(text)}` };
  },
} satisfies Record<string, TextMutation>;

export type TextMutationKind = keyof typeof TEXT_MUTATIONS;
