// Generated object names (W-1.2): pod-template-hash as in kubernetes pkg/controller/controller_utils.go
// ComputeHash + apimachinery pkg/util/rand SafeEncodeString, and apiserver pkg/storage/names/generate.go.

/** apimachinery's `alphanums`: no vowels, no 0/1/3, so generated names spell no words. */
export const nameAlphabet = 'bcdfghjklmnpqrstvwxz2456789';

const fnvOffsetBasis = 2166136261;
const fnvPrime = 16777619;
const maxNameLength = 63;
const randomSuffixLength = 5;
/** generateName bases longer than this are cut (which can eat the trailing `-`). */
export const maxGeneratedNameLength = maxNameLength - randomSuffixLength;

/** FNV-1a, 32 bits, over bytes. */
export function fnv32aBytes(bytes: Uint8Array, seed = fnvOffsetBasis): number {
  let hash = seed;
  for (const byte of bytes) {
    hash = Math.imul(hash ^ byte, fnvPrime) >>> 0;
  }
  return hash >>> 0;
}

/** FNV-1a, 32 bits, over the UTF-8 bytes of `text`. */
export function fnv32a(text: string): number {
  return fnv32aBytes(new TextEncoder().encode(text));
}

/** Each character c becomes alphanums[c % 27]; for decimal digits 0→4 … 5→9, 6→b 7→c 8→d 9→f. */
export function safeEncodeString(text: string): string {
  return Array.from(text, (char) => nameAlphabet[(char.codePointAt(0) ?? 0) % nameAlphabet.length]).join('');
}

/**
 * The ReplicaSet suffix of a Deployment's pod template. Kubernetes hashes a spew dump of the Go
 * struct, which has no JSON equivalent; this hashes canonical JSON (keys sorted) instead, so the
 * value differs from a real cluster's but has the same shape and the same stability.
 * A collision count is appended as upstream does: 8 bytes, its uint32 little-endian then zeros.
 */
export function podTemplateHash(template: unknown, collisionCount?: number): string {
  // Stored templates are immutable: a Deployment reconciled again hashes its template once.
  const key = `${collisionCount ?? ''}`;
  const cached = typeof template === 'object' && template !== null ? hashCache.get(template)?.get(key) : undefined;
  if (cached !== undefined) return cached;
  const hash = computePodTemplateHash(template, collisionCount);
  if (typeof template === 'object' && template !== null) {
    let byCount = hashCache.get(template);
    if (!byCount) hashCache.set(template, (byCount = new Map()));
    byCount.set(key, hash);
  }
  return hash;
}

const hashCache = new WeakMap<object, Map<string, string>>();

function computePodTemplateHash(template: unknown, collisionCount?: number): string {
  const json = new TextEncoder().encode(canonicalJson(template));
  let hash = fnv32aBytes(json);
  if (collisionCount !== undefined) {
    const countBytes = new Uint8Array(8);
    new DataView(countBytes.buffer).setUint32(0, collisionCount >>> 0, true);
    hash = fnv32aBytes(countBytes, hash);
  }
  return safeEncodeString(String(hash));
}

/** JSON with object keys sorted at every level; undefined members are dropped as JSON does. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) {
    return `[${value.map((item) => (item === undefined ? 'null' : canonicalJson(item))).join(',')}]`;
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value)
      .filter(([, member]) => member !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([key, member]) => `${JSON.stringify(key)}:${canonicalJson(member)}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** `length` characters of the name alphabet; `nextInt(n)` returns an integer in [0, n). */
export function randomSuffix(nextInt: (n: number) => number, length = randomSuffixLength): string {
  let suffix = '';
  for (let i = 0; i < length; i++) {
    const index = nextInt(nameAlphabet.length);
    const char = nameAlphabet[index];
    if (!Number.isInteger(index) || char === undefined) {
      throw new Error(`randomSuffix: nextInt(${nameAlphabet.length}) returned ${index}`);
    }
    suffix += char;
  }
  return suffix;
}

/** The apiserver's generateName: base cut to 58 characters, then 5 random characters. Joined into
 * one flat string: a `+` makes a two-piece rope, which every later hash or comparison of the name
 * flattens first (a pod's name and key are read on every write of it). */
export function generateName(base: string, nextInt: (n: number) => number): string {
  return [base.slice(0, maxGeneratedNameLength), randomSuffix(nextInt)].join('');
}
