// Durations in scenario files (`at: 30s`, `1m30s`, or a number of milliseconds), scenario.md `at`.
// The text form follows Go's time.ParseDuration for the units a scenario needs: ms, s, m, h.

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
const WHOLE = /^(?:\d+(?:\.\d+)?(?:ms|s|m|h))+$/;
const PART = /(\d+(?:\.\d+)?)(ms|s|m|h)/g;

/** Milliseconds for a text like `500ms`, `30s`, `2m`, `1m30s` or `0`; undefined when it is not one. */
export function parseDurationMs(text: string): number | undefined {
  const trimmed = text.trim();
  if (trimmed === '0') return 0;
  if (!WHOLE.test(trimmed)) return undefined;
  let totalMs = 0;
  for (const [, amount, unit] of trimmed.matchAll(PART)) {
    totalMs += Number(amount) * (UNIT_MS[unit ?? ''] ?? Number.NaN);
  }
  return Number.isFinite(totalMs) ? Math.round(totalMs) : undefined;
}

/** A scenario duration value: a non-negative number of ms or a duration text. */
export function durationValueMs(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? value : undefined;
  if (typeof value === 'string') return parseDurationMs(value);
  return undefined;
}

export const DURATION_HINT = 'expected a duration like 500ms, 30s, 2m or 1m30s (or a number of milliseconds)';
