// Virtual time to the RFC 3339 timestamps the API server writes (second precision).

export function isoAt(epochMs: number, atMs: number): string {
  return new Date(epochMs + atMs).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function msSinceEpoch(epochMs: number, iso: string | undefined): number {
  return iso === undefined ? 0 : Date.parse(iso) - epochMs;
}
