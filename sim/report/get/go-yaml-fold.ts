// go-yaml v2's line folding, which kubectl's `-o yaml` shows (sigs.k8s.io/yaml; emitterc.go
// yaml_emitter_write_plain / write_single_quoted with best_width 80): once a line is past column
// 80, a plain or single-quoted scalar breaks at its next single space and goes on at its indent.

const BEST_WIDTH = 80;
// Leading spaces and sequence dashes, then an optional `key: `, then the value.
const LINE = /^( *)((?:- )*)((?:"[^"]*"|'[^']*'|[^\s'"][^:]*?): )?(.*)$/;
const BLOCK_HEADER = /^[|>][-+]?[0-9]*$/;

/** Folds the long scalars of YAML written with one line per scalar (block scalars untouched). */
export function foldLongScalars(yaml: string): string {
  let blockAbove: number | undefined;
  return yaml
    .split('\n')
    .map((line) => {
      const [, spaces = '', dashes = '', key = '', value = ''] = LINE.exec(line) ?? [];
      if (blockAbove !== undefined && (line === '' || spaces.length > blockAbove)) return line;
      blockAbove = undefined;
      const column = spaces.length + dashes.length;
      if (BLOCK_HEADER.test(value)) {
        blockAbove = key ? column : spaces.length;
        return line;
      }
      if (line.length <= BEST_WIDTH || value === '' || value.startsWith('"') || value.startsWith('[') || value.startsWith('{')) return line;
      const indent = key ? column + 2 : column;
      return line.slice(0, line.length - value.length) + foldScalar(value, line.length - value.length, indent);
    })
    .join('\n');
}

function foldScalar(text: string, startColumn: number, indent: number): string {
  const chars = Array.from(text);
  const quoted = chars[0] === "'";
  const out: string[] = [];
  let column = startColumn;
  let afterSpace = false;
  chars.forEach((char, i) => {
    const inside = !quoted || (i > 1 && i < chars.length - 2);
    if (char === ' ' && !afterSpace && column > BEST_WIDTH && inside && chars[i + 1] !== ' ') {
      out.push(`\n${' '.repeat(indent)}`);
      column = indent;
    } else {
      out.push(char);
      column++;
    }
    afterSpace = char === ' ';
  });
  return out.join('');
}
