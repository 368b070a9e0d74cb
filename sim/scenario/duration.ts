// Durations in scenario files (`at: 30s`, `1m30s`, or a number of milliseconds), scenario.md `at`.
// The text form follows Go's time.ParseDuration for the units a scenario needs: ms, s, m, h.
// The virtual clock counts whole milliseconds up to LIMITS.durationMs: a fraction of a millisecond
// is refused rather than rounded (`at: 0.5` is far more often "half a second" than "half a
// millisecond", and rounding would hide that), and so is anything past the limit.
import { DURATION_LIMIT_TEXT, LIMITS } from './limits.js';

const UNIT_MS: Readonly<Record<string, bigint>> = { ms: 1n, s: 1000n, m: 60_000n, h: 3_600_000n };
const WHOLE = /^(?:\d+(?:\.\d+)?(?:ms|s|m|h))+$/;
const PART = /(\d+)(?:\.(\d+))?(ms|s|m|h)/g;
/** Longer texts are no duration a person writes, and would only make the exact arithmetic slow. */
const MAX_TEXT_LENGTH = 64;

export const DURATION_HINT = 'expected a duration like 500ms, 30s, 2m or 1m30s (or a number of milliseconds)';
const WHOLE_MS_RULE = 'is not a whole number of milliseconds (the virtual clock counts whole milliseconds)';
const LIMIT_RULE = `is more than the simulator's limit of ${DURATION_LIMIT_TEXT} of virtual time`;

export type DurationRead = { ok: true; ms: number } | { ok: false; message: string };

/** A scenario duration value (a non-negative number of ms or a duration text), or what is wrong with it. */
export function readDuration(value: unknown): DurationRead {
  if (typeof value === 'number') {
    if (Number.isNaN(value) || value < 0) return { ok: false, message: DURATION_HINT };
    if (value > LIMITS.durationMs) return { ok: false, message: `${value} ms ${LIMIT_RULE}` };
    if (!Number.isInteger(value)) return { ok: false, message: `${value} ms ${WHOLE_MS_RULE}` };
    return { ok: true, ms: value };
  }
  if (typeof value !== 'string') return { ok: false, message: DURATION_HINT };
  const exact = exactTextMs(value);
  if (exact === undefined) return { ok: false, message: DURATION_HINT };
  if (exact.ms > BigInt(LIMITS.durationMs)) return { ok: false, message: `"${value}" ${LIMIT_RULE}` };
  if (!exact.whole) return { ok: false, message: `"${value}" ${WHOLE_MS_RULE}` };
  return { ok: true, ms: Number(exact.ms) };
}

/** Milliseconds for a text like `500ms`, `30s`, `2m`, `1m30s` or `0`; undefined when it is not one (or not allowed). */
export function parseDurationMs(text: string): number | undefined {
  const read = readDuration(text);
  return read.ok ? read.ms : undefined;
}

/** A scenario duration value in ms; undefined when readDuration refuses it. */
export function durationValueMs(value: unknown): number | undefined {
  const read = readDuration(value);
  return read.ok ? read.ms : undefined;
}

/** The text's milliseconds, counted exactly (`1.1s` is 1100, not 1100.0000000000002), rounded down. */
function exactTextMs(text: string): { ms: bigint; whole: boolean } | undefined {
  const trimmed = text.trim();
  if (trimmed === '0') return { ms: 0n, whole: true };
  if (trimmed.length > MAX_TEXT_LENGTH || !WHOLE.test(trimmed)) return undefined;
  let ms = 0n;
  let whole = true;
  for (const [, integer = '0', fraction = '', unit = ''] of trimmed.matchAll(PART)) {
    const unitMs = UNIT_MS[unit] ?? 0n;
    const scale = 10n ** BigInt(fraction.length);
    const fractionMs = BigInt(fraction || '0') * unitMs;
    ms += BigInt(integer) * unitMs + fractionMs / scale;
    if (fractionMs % scale !== 0n) whole = false;
  }
  return { ms, whole };
}
