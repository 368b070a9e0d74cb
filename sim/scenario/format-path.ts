// Writes a field path the way problems show it (`probes[0].exec.target`), scenario.md "Exit status".
import type { Path } from './types.js';

export function formatPath(path: Path): string {
  let text = '';
  for (const segment of path) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else text += text === '' ? segment : `.${segment}`;
  }
  return text;
}

/** True when `prefix` names `path` itself or one of its ancestors (segments compared as text). */
export function isPathPrefix(prefix: Path, path: Path): boolean {
  if (prefix.length > path.length) return false;
  return prefix.every((segment, i) => String(segment) === String(path[i]));
}
