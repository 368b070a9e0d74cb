// `sim run FILE --set dotted.path=value` (scenario.md "Commands"): overrides applied to the scenario
// document's data before validation; problems they cause are reported at `--set:1:1`.
import { parse } from 'yaml';
import { formatPath, isPathPrefix } from './format-path.js';
import { isYamlMap } from './read-fields.js';
import type { Locator, Path, ScenarioProblem, SourceLocation } from './types.js';
import type { YamlDocument } from './yaml-source.js';

export const SET_LOCATION: SourceLocation = { file: '--set', line: 1, col: 1 };

export interface AppliedSets {
  value: unknown;
  /** The overrides as given, for the report. */
  sets: Array<{ path: string; value: unknown }>;
  /** Each override's path, with list indexes as numbers. */
  paths: Path[];
}

const PATH_SYNTAX = /^[^.[\]]+(?:\[\d+\])*(?:\.[^.[\]]+(?:\[\d+\])*)*$/;

export function applySets(value: unknown, args: readonly string[], problems: ScenarioProblem[]): AppliedSets {
  const result: AppliedSets = { value: structuredClone(value), sets: [], paths: [] };
  for (const arg of args) {
    const problem = (path: string, message: string): void => {
      problems.push({ ...SET_LOCATION, path, message, severity: 'error' });
    };
    const eq = arg.indexOf('=');
    const pathText = eq < 0 ? arg : arg.slice(0, eq);
    if (eq < 0) problem(pathText, `expected PATH=VALUE, got "${arg}"`);
    else if (!PATH_SYNTAX.test(pathText)) problem(pathText, `"${pathText}" is not a dotted path like a.b[0].c`);
    else applyOne(result, pathText, arg.slice(eq + 1), problem);
  }
  return result;
}

type ReportSetProblem = (path: string, message: string) => void;

function applyOne(result: AppliedSets, pathText: string, valueText: string, problem: ReportSetProblem): void {
  const parsed = parseSetValue(valueText);
  if ('error' in parsed) return problem(pathText, `invalid value "${valueText}": ${parsed.error}`);
  const segments = splitPath(pathText);
  if (!isYamlMap(result.value)) return problem(pathText, 'the scenario is not a map');
  const outcome = setAt(result.value, segments, parsed.value);
  if (typeof outcome === 'string') return problem(pathText, outcome);
  result.sets.push({ path: pathText, value: parsed.value });
  result.paths.push(outcome);
}

/** A YAML scalar or flow value: `3` → 3, `true` → true, `[a,b]` → list; anything else stays text. */
export function parseSetValue(text: string): { value: unknown } | { error: string } {
  const flow = /^\s*[[{]/.test(text);
  try {
    const value: unknown = parse(text, { prettyErrors: false });
    if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'string') return { value };
    if (value === null) return { value: /^\s*(null|Null|NULL|~)\s*$/.test(text) ? null : text };
    return { value: flow ? value : text };
  } catch (error) {
    if (!flow) return { value: text };
    return { error: (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '' };
  }
}

function splitPath(pathText: string): string[] {
  return [...pathText.matchAll(/([^.[\]]+)|\[(\d+)\]/g)].map((m) => m[1] ?? m[2] ?? '');
}

/** Sets the value, creating missing maps and lists; returns the path it wrote, or a problem. */
function setAt(root: Record<string, unknown>, segments: string[], value: unknown): Path | string {
  let container: Record<string | number, unknown> | unknown[] = root;
  const written: Array<string | number> = [];
  for (const [i, segment] of segments.entries()) {
    const index = Number(segment);
    const key = Array.isArray(container) ? index : segment;
    if (Array.isArray(container) && !(Number.isInteger(index) && index >= 0 && index <= container.length)) {
      return `${formatPath(written)} has no item ${segment}`;
    }
    written.push(key);
    const slots = container as Record<string | number, unknown>;
    if (i === segments.length - 1) {
      slots[key] = value;
      break;
    }
    const next = slots[key] ?? (/^\d+$/.test(segments[i + 1] ?? '') ? [] : {});
    if (typeof next !== 'object' || next === null) return `${formatPath(written)} is not a map or list`;
    slots[key] = next;
    container = next as Record<string | number, unknown> | unknown[];
  }
  return written;
}

/**
 * Positions in the scenario file, except for what an override wrote: a path at or below an override,
 * or an ancestor the override created, is reported at `--set:1:1`.
 */
export function setAwareLocator(doc: YamlDocument, setPaths: readonly Path[]): Locator {
  return (path) => {
    const byOverride = setPaths.some(
      (setPath) => isPathPrefix(setPath, path) || (isPathPrefix(path, setPath) && !doc.has(path)),
    );
    return byOverride ? SET_LOCATION : doc.locate(path);
  };
}
