// Go's text/tabwriter with padchar ' ' and no flags, as kubectl (cli-runtime printers/tabwriter.go:
// minwidth 6, padding 3) and istioctl (ztunnel configdump.go: minwidth 0, padding 1) use it.
// A cell is text ended by a tab; the text after a line's last tab is never padded.

export interface TableOptions {
  /** Spaces added after the widest cell of a column. */
  padding: number;
  /** Smallest column width, padding included. */
  minWidth?: number;
}

/** kubectl's human-readable printer (tabwriter.NewWriter(out, 6, 4, 3, ' ', RememberWidths)). */
export const kubectlTableOptions: TableOptions = { padding: 3, minWidth: 6 };

/** istioctl's `ztunnel-config` summaries (tabwriter Init(out, 0, 8, 1, ' ', 0)). */
export const istioctlTableOptions: TableOptions = { padding: 1, minWidth: 0 };

/** Aligns rows of cells; each line ends with a newline, trailing cells are left unpadded. */
export function formatTable(rows: string[][], opts: TableOptions): string {
  if (rows.length === 0) return '';
  return alignTabbedText(rows.map((cells) => cells.join('\t')).join('\n') + '\n', opts);
}

/**
 * Aligns text exactly as tabwriter would after writing it and calling Flush: tabs inside a cell's
 * text split it, and a column's width only counts the contiguous block of lines that have it.
 */
export function alignTabbedText(text: string, opts: TableOptions): string {
  const lines = text.split('\n').map((line) => line.split('\t'));
  const out: string[] = [];
  const widths: number[] = [];
  layoutBlock(lines, 0, lines.length, widths, opts, out);
  return out.join('');
}

function cellWidth(cell: string): number {
  // tabwriter counts runes, i.e. code points.
  return Array.from(cell).length;
}

function layoutBlock(
  lines: string[][],
  start: number,
  end: number,
  widths: number[],
  opts: TableOptions,
  out: string[],
): void {
  const column = widths.length;
  let line0 = start;
  let index = start;
  while (index < end) {
    if (column >= lineOf(lines, index).length - 1) {
      index++;
      continue;
    }
    // Lines before this one have no cell in `column`: they are laid out with the widths so far.
    writeLines(lines, line0, index, widths, out);
    line0 = index;
    let width = opts.minWidth ?? 0;
    for (; index < end; index++) {
      const cells = lineOf(lines, index);
      if (column >= cells.length - 1) break;
      width = Math.max(width, cellWidth(cells[column] ?? '') + opts.padding);
    }
    widths.push(width);
    layoutBlock(lines, line0, index, widths, opts, out);
    widths.pop();
    line0 = index;
  }
  writeLines(lines, line0, end, widths, out);
}

function writeLines(lines: string[][], start: number, end: number, widths: number[], out: string[]): void {
  for (let index = start; index < end; index++) {
    const cells = lineOf(lines, index);
    cells.forEach((cell, column) => {
      out.push(cell);
      const width = widths[column];
      if (width !== undefined) out.push(' '.repeat(width - cellWidth(cell)));
    });
    // The text after the last newline is an unterminated line: no newline of its own.
    if (index + 1 < lines.length) out.push('\n');
  }
}

function lineOf(lines: string[][], index: number): string[] {
  const cells = lines[index];
  if (cells === undefined) throw new Error(`tabwriter: no line ${index}`);
  return cells;
}
