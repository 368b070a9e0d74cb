// Go's encoding/json as OVN-K and Multus use it: the string form it writes (HTML-safe escapes) and
// the "is this a []string" check its typed decoding makes.

const PLAIN_JSON_TEXT = /^[\w .:/-]*$/;

/** Go's encoding/json string form: JSON.stringify plus the HTML-safe escapes Go adds. */
export function goString(text: string): string {
  if (PLAIN_JSON_TEXT.test(text)) return `"${text}"`;
  return JSON.stringify(text).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** goString's pieces added to `parts` (a plain text as is, between quotes: no string made for it). */
export function pushGoString(parts: string[], text: string): void {
  if (PLAIN_JSON_TEXT.test(text)) parts.push('"', text, '"');
  else parts.push(goString(text));
}

export function goStringList(items: readonly string[]): string {
  return `[${items.map(goString).join(',')}]`;
}

export function isStringList(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string');
}
