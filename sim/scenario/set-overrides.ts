// `sim run FILE --set dotted.path=value` (scenario.md "Commands"): overrides applied to the scenario
// document's data before validation; problems they cause are reported at `--set:1:1`. A path writes
// only the scenario's own fields: `__proto__`, `constructor` and `prototype` would reach into
// JavaScript's objects instead (every object's prototype), so they are refused.
import { formatPath, isPathPrefix } from './format-path.js';
import { LIMITS } from './limits.js';
import { isYamlMap } from './read-fields.js';
import type { Locator, Path, ScenarioProblem, SourceLocation } from './types.js';
import { TOO_DEEP, nestingDepth } from './yaml-guards.js';
import { parseYamlSource } from './yaml-source.js';
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
const FORBIDDEN_SEGMENTS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

export function applySets(value: unknown, args: readonly string[], problems: ScenarioProblem[]): AppliedSets {
  const result: AppliedSets = { value: structuredClone(value), sets: [], paths: [] };
  for (const arg of args) {
    const problem: ReportSetProblem = (path, message, severity = 'error') => {
      problems.push({ ...SET_LOCATION, path, message, severity });
    };
    const eq = arg.indexOf('=');
    const pathText = eq < 0 ? arg : arg.slice(0, eq);
    if (eq < 0) problem(pathText, `expected PATH=VALUE, got "${arg}"`);
    else if (!PATH_SYNTAX.test(pathText)) problem(pathText, `"${pathText}" is not a dotted path like a.b[0].c`);
    else applyOne(result, pathText, arg.slice(eq + 1), problem);
  }
  return result;
}

type ReportSetProblem = (path: string, message: string, severity?: ScenarioProblem['severity']) => void;

function applyOne(result: AppliedSets, pathText: string, valueText: string, problem: ReportSetProblem): void {
  const segments = splitPath(pathText);
  const forbidden = segments.find((segment) => FORBIDDEN_SEGMENTS.has(segment));
  if (forbidden !== undefined) return problem(pathText, `"${forbidden}" is not allowed in a --set path: it names no scenario field`);
  const parsed = parseSetValue(valueText);
  if ('error' in parsed) return problem(pathText, `invalid value "${valueText}": ${parsed.error}`);
  // Each segment steps into one map or list, the scenario itself being the first.
  if (segments.length + nestingDepth(parsed.value) > LIMITS.nestingDepth) return problem(pathText, TOO_DEEP);
  if (!isYamlMap(result.value)) return problem(pathText, 'the scenario is not a map');
  const outcome = setAt(result.value, segments, parsed.value);
  if (typeof outcome === 'string') return problem(pathText, outcome);
  for (const warning of parsed.warnings ?? []) problem(pathText, warning, 'warning');
  result.sets.push({ path: pathText, value: parsed.value });
  result.paths.push(outcome);
}

/**
 * A YAML scalar or flow value: `3` → 3, `true` → true, `[a,b]` → list; anything else stays text.
 * Read like a scenario file (yaml-source.ts), so it is refused or warned about for the same reasons.
 */
export function parseSetValue(text: string): { value: unknown; warnings?: string[] } | { error: string } {
  const flow = /^\s*[[{]/.test(text);
  const source = parseYamlSource(SET_LOCATION.file, text);
  const error = source.problems.find((problem) => problem.severity === 'error');
  if (error !== undefined || source.documents.length > 1) return flow ? { error: error?.message ?? 'expected one value' } : { value: text };
  const parsed = (value: unknown) => (source.problems.length > 0 ? { value, warnings: source.problems.map((problem) => problem.message) } : { value });
  const value = source.documents[0]?.value ?? null;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'string') return parsed(value);
  if (value === null) return /^\s*(null|Null|NULL|~)\s*$/.test(text) ? parsed(null) : { value: text };
  return flow ? parsed(value) : { value: text };
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
    const own = Object.hasOwn(slots, key) ? slots[key] : undefined;
    const next = own ?? (/^\d+$/.test(segments[i + 1] ?? '') ? [] : {});
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
