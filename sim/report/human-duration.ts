// kubectl's AGE column: apimachinery pkg/util/duration/duration.go HumanDuration and
// ShortHumanDuration, on milliseconds instead of Go's time.Duration (W-3.4).

const secondMs = 1000;
const minuteMs = 60 * secondMs;
const hourMs = 60 * minuteMs;

/** Go's int(x) conversion of a float: truncates toward zero (and -0 prints as 0). */
function truncate(value: number): number {
  return Math.trunc(value) + 0;
}

/**
 * Up to three significant figures, e.g. `45s`, `8m5s`, `2h30m`, `3d4h`, `12d`, `2y3d`.
 * Clock skew of less than two seconds in the future reads as `0s`; more is `<invalid>`.
 */
export function humanDuration(ms: number): string {
  const seconds = truncate(ms / secondMs);
  if (seconds < -1) return '<invalid>';
  if (seconds < 0) return '0s';
  if (seconds < 60 * 2) return `${seconds}s`;
  const minutes = truncate(ms / minuteMs);
  if (minutes < 10) {
    const s = seconds % 60;
    return s === 0 ? `${minutes}m` : `${minutes}m${s}s`;
  }
  if (minutes < 60 * 3) return `${minutes}m`;
  const hours = truncate(ms / hourMs);
  if (hours < 8) {
    const m = minutes % 60;
    return m === 0 ? `${hours}h` : `${hours}h${m}m`;
  }
  if (hours < 48) return `${hours}h`;
  const days = truncate(hours / 24);
  if (hours < 24 * 8) {
    const h = hours % 24;
    return h === 0 ? `${days}d` : `${days}d${h}h`;
  }
  if (hours < 24 * 365 * 2) return `${days}d`;
  const years = truncate(days / 365);
  if (hours < 24 * 365 * 8) {
    const d = days % 365;
    return d === 0 ? `${years}y` : `${years}y${d}d`;
  }
  return `${years}y`;
}

/** One unit only, e.g. `59s`, `8m`, `23h`, `364d`, `3y`; same `<invalid>`/`0s` rule. */
export function shortHumanDuration(ms: number): string {
  const seconds = truncate(ms / secondMs);
  if (seconds < -1) return '<invalid>';
  if (seconds < 0) return '0s';
  if (seconds < 60) return `${seconds}s`;
  const minutes = truncate(ms / minuteMs);
  if (minutes < 60) return `${minutes}m`;
  const hours = truncate(ms / hourMs);
  if (hours < 24) return `${hours}h`;
  if (hours < 24 * 365) return `${truncate(hours / 24)}d`;
  return `${truncate(ms / hourMs / 24 / 365)}y`;
}
