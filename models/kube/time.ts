// Virtual time to the RFC 3339 timestamps the API server writes (second precision).

let last = { ms: NaN, iso: '' };

/** Many writes happen at the same virtual instant: the last conversion is remembered. */
export function isoAt(epochMs: number, atMs: number): string {
  const ms = epochMs + atMs;
  if (ms !== last.ms) last = { ms, iso: new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z') };
  return last.iso;
}

export function msSinceEpoch(epochMs: number, iso: string | undefined): number {
  return iso === undefined ? 0 : Date.parse(iso) - epochMs;
}
