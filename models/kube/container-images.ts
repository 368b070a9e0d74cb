// Container images as CRI-O names them (distribution/reference ParseNormalizedNamed), the default pull
// policy (core/v1 defaults.go SetDefaults_Container) and what a pull reports. Digests, sizes and pull
// times are not knowable offline: they are made from the image's name, and assumed.
import { memoByText } from '../memo.js';
import { fnv32aText, fnv32aTextPair, hex8, mix32 } from './text-hash.js';

export type PullPolicy = 'Always' | 'IfNotPresent' | 'Never';

export interface ImageFacts {
  /** `docker.io/curlimages/curl:latest`: domain, path and tag (or digest) spelled out, as CRI-O reports it. */
  name: string;
  /** `docker.io/curlimages/curl@sha256:…`: status.containerStatuses[].imageID. */
  id: string;
  sizeBytes: number;
  /** A pull the node has no layer of. */
  firstPullMs: number;
  /** A pull of an image the node holds (`Always`): the registry round trip alone. */
  repullMs: number;
}

/** Assumed: registry round trips of 0.3–0.8 s and 40 MB/s for layers (real pulls vary far more). */
const ROUND_TRIP_MIN_MS = 300;
const ROUND_TRIP_SPREAD_MS = 500;
const BYTES_PER_MS = 40_000;
/** Assumed: images of 20–200 MB, which the workloads' images are. */
const SIZE_MIN_BYTES = 20_000_000;
const SIZE_SPREAD_BYTES = 180_000_000;

/** The facts of an image reference, made once per reference. */
export const imageFacts = memoByText((image): ImageFacts => {
  const { repository, tag, digest } = parseReference(image);
  const hash = fnv32aText(repository);
  const sizeBytes = SIZE_MIN_BYTES + (hash % SIZE_SPREAD_BYTES);
  const repullMs = ROUND_TRIP_MIN_MS + (fnv32aText(`${repository}#pull`) % ROUND_TRIP_SPREAD_MS);
  return {
    name: digest ? `${repository}@${digest}` : `${repository}:${tag}`,
    id: `${repository}@${digest ?? `sha256:${hexDigest(`${repository}:${tag}`)}`}`,
    sizeBytes,
    firstPullMs: repullMs + Math.round(sizeBytes / BYTES_PER_MS),
    repullMs,
  };
});

/** SetDefaults_Container: `Always` for the `latest` tag (an image without tag or digest has it), else `IfNotPresent`. */
export function pullPolicyOf(container: { image?: string; imagePullPolicy?: unknown }): PullPolicy {
  const given = container.imagePullPolicy;
  if (given === 'Always' || given === 'IfNotPresent' || given === 'Never') return given;
  const { tag, digest } = parseReference(container.image ?? '');
  return !digest && tag === 'latest' ? 'Always' : 'IfNotPresent';
}

/**
 * distribution/reference: the first path component is a registry when it has a `.` or `:` or is
 * `localhost` (docker.io otherwise, `library/` for one-component names); a missing tag is `latest`.
 */
function parseReference(image: string): { repository: string; tag: string; digest: string | undefined } {
  const at = image.indexOf('@');
  const digest = at >= 0 ? image.slice(at + 1) : undefined;
  let rest = at >= 0 ? image.slice(0, at) : image;
  let tag = 'latest';
  const lastSlash = rest.lastIndexOf('/');
  const colon = rest.lastIndexOf(':');
  if (colon > lastSlash) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
  }
  const slash = rest.indexOf('/');
  const first = slash >= 0 ? rest.slice(0, slash) : '';
  const hasDomain = slash >= 0 && (first.includes('.') || first.includes(':') || first === 'localhost');
  let repository: string;
  if (!hasDomain) repository = slash >= 0 ? `docker.io/${rest}` : `docker.io/library/${rest}`;
  else if (first === 'index.docker.io') repository = `docker.io${rest.slice(slash)}`;
  else repository = rest;
  return { repository, tag, digest };
}

/** 64 hex digits made from a text (a stand-in for a content digest or a container id): two
 * 32-bit hashes of it, spread over eight words, joined flat. */
export function hexDigest(text: string): string {
  const [a, b] = fnv32aTextPair(text);
  const words: string[] = [];
  for (let i = 0; i < 8; i++) words.push(hex8(mix32((i % 2 === 0 ? a : b) + Math.imul(i, 0x9e3779b9))));
  return words.join('');
}

/** Go's time.Duration String() for a whole number of milliseconds: `812ms`, `1.462s`, `2m3.5s`. */
export function formatGoDuration(ms: number): string {
  if (ms === 0) return '0s';
  if (ms < 1000) return `${ms}ms`;
  const minutes = Math.floor(ms / 60_000);
  const hours = Math.floor(minutes / 60);
  const seconds = trimFraction(((ms % 60_000) / 1000).toFixed(3));
  if (hours > 0) return `${hours}h${minutes % 60}m${seconds}s`;
  if (minutes > 0) return `${minutes}m${seconds}s`;
  return `${seconds}s`;
}

function trimFraction(text: string): string {
  return text.includes('.') ? text.replace(/0+$/, '').replace(/\.$/, '') : text;
}
