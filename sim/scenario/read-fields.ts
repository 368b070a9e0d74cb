// Typed reads of plain YAML data that report a problem instead of throwing, so a bad scenario or
// manifest is described in full and can never crash the simulator (style.md "Errors").
import type { Reporter } from './reporter.js';
import type { Path } from './types.js';

export type YamlMap = Record<string, unknown>;

interface Expected {
  string: string;
  integer: number;
  boolean: boolean;
  list: unknown[];
  map: YamlMap;
}
export type ValueKind = keyof Expected;

const CHECKS: { [K in ValueKind]: (value: unknown) => boolean } = {
  string: (value) => typeof value === 'string',
  integer: (value) => typeof value === 'number' && Number.isSafeInteger(value),
  boolean: (value) => typeof value === 'boolean',
  list: (value) => Array.isArray(value),
  map: (value) => isYamlMap(value),
};

const MESSAGES: Record<ValueKind, string> = {
  string: 'expected a string',
  integer: 'expected an integer',
  boolean: 'expected a boolean',
  list: 'expected a list',
  map: 'expected a map',
};

export function isYamlMap(value: unknown): value is YamlMap {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** YAML `key:` with nothing after it reads as null: treated like an absent field. */
export function isAbsent(value: unknown): value is null | undefined {
  return value === null || value === undefined;
}

/** The value if it has the expected kind; otherwise reports (or, when absent, reports only if required). */
export function readAs<K extends ValueKind>(
  r: Reporter,
  path: Path,
  value: unknown,
  kind: K,
  required = false,
): Expected[K] | undefined {
  if (isAbsent(value)) {
    if (required) r.required(path);
    return undefined;
  }
  if (!CHECKS[kind](value)) {
    r.report(path, MESSAGES[kind]);
    return undefined;
  }
  return value as Expected[K];
}

/** A map read with its path, so fields can be read by key and unknown keys rejected. */
export class MapReader {
  /** The map's own fields, without a prototype: nothing inherited (`toString`, …) reads as a field. */
  readonly map: YamlMap;

  constructor(
    readonly r: Reporter,
    readonly path: Path,
    map: YamlMap,
  ) {
    this.map = Object.assign(Object.create(null) as YamlMap, map);
  }

  at(key: string | number, ...rest: Array<string | number>): Path {
    return [...this.path, key, ...rest];
  }

  has(key: string): boolean {
    return !isAbsent(this.map[key]);
  }

  read<K extends ValueKind>(key: string, kind: K, required = false): Expected[K] | undefined {
    return readAs(this.r, this.at(key), this.map[key], kind, required);
  }

  readEnum<T extends string>(key: string, allowed: readonly T[], required = false): T | undefined {
    return readEnum(this.r, this.at(key), this.map[key], allowed, required);
  }

  child(key: string, required = false): MapReader | undefined {
    return readMap(this.r, this.at(key), this.map[key], required);
  }

  rejectUnknown(allowed: readonly string[]): void {
    for (const key of Object.keys(this.map)) {
      if (!allowed.includes(key)) this.r.report(this.at(key), `unknown field "${key}"`);
    }
  }
}

export function readMap(r: Reporter, path: Path, value: unknown, required = false): MapReader | undefined {
  const map = readAs(r, path, value, 'map', required);
  return map === undefined ? undefined : new MapReader(r, path, map);
}

/** A list whose items are read one by one; absent = empty. */
export function readList(r: Reporter, path: Path, value: unknown, required = false): unknown[] {
  return readAs(r, path, value, 'list', required) ?? [];
}

/** A map of string values such as labels, annotations, a selector or a nodeSelector. */
export function readStringMap(r: Reporter, path: Path, value: unknown): Record<string, string> | undefined {
  const map = readAs(r, path, value, 'map');
  if (map === undefined) return undefined;
  const strings: Record<string, string> = {};
  for (const [key, item] of Object.entries(map)) {
    if (typeof item === 'string') strings[key] = item;
    else r.report([...path, key], MESSAGES.string);
  }
  return strings;
}

/** An integer within [min, max], with the API server's wording for out-of-range values. */
export function readIntegerInRange(
  r: Reporter,
  path: Path,
  value: unknown,
  min: number,
  max: number,
  required = false,
): number | undefined {
  const n = readAs(r, path, value, 'integer', required);
  if (n === undefined) return undefined;
  if (n < min || n > max) {
    const range = max === Infinity ? `greater than or equal to ${min}` : `between ${min} and ${max}, inclusive`;
    r.report(path, `must be ${range}`);
    return undefined;
  }
  return n;
}

/** A string that must be one of `allowed`; the message lists them. */
export function readEnum<T extends string>(
  r: Reporter,
  path: Path,
  value: unknown,
  allowed: readonly T[],
  required = false,
): T | undefined {
  const text = readAs(r, path, value, 'string', required);
  if (text === undefined) return undefined;
  if ((allowed as readonly string[]).includes(text)) return text as T;
  r.report(path, `unsupported value "${text}": supported values: ${allowed.map((a) => `"${a}"`).join(', ')}`);
  return undefined;
}
