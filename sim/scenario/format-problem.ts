// Prints a scenario problem as `FILE:LINE:COL: PATH: MESSAGE` (scenario.md "Exit status", style.md
// "Errors"). A problem without a path (a YAML syntax error) prints as `FILE:LINE:COL: MESSAGE`.
// One problem is one line whatever it quotes: control characters (a newline from a block scalar or a
// `--set` value, a tab, an escape sequence) and Unicode line breaks print escaped, as `\n`, `\t`, `\u001b`.
import type { ScenarioProblem } from './types.js';

// C0 controls, DEL, C1 controls (NEL among them), and the Unicode line and paragraph separators.
const LINE_BREAKING = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;
const SHORT_ESCAPES: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

export function formatProblem(problem: ScenarioProblem): string {
  const where = `${problem.file}:${problem.line}:${problem.col}`;
  const severity = problem.severity === 'error' ? '' : `${problem.severity}: `;
  const path = problem.path === '' ? '' : `${problem.path}: `;
  return escapeControlCharacters(`${where}: ${path}${severity}${problem.message}`);
}

/** The text with every character that could break or rewrite a terminal line written as an escape. */
export function escapeControlCharacters(text: string): string {
  return text.replace(LINE_BREAKING, (char) => SHORT_ESCAPES[char] ?? `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
