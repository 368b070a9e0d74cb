// The scenario's start instant as the RFC 3339 text log formatters take.

export function formatTimestampIso(epochMs: number): string {
  return new Date(epochMs).toISOString();
}
