// The scenario's `apply` list (scenario.md "A scenario file"): each entry's manifest file or inline
// objects, read and admitted in order like `oc apply [-n NS] -f FILE`, at the entry's `at` time.
import { dirname, isAbsolute, join } from 'node:path';
import { admitObject } from './admit-object.js';
import { PodBudget, countObjects, objectsOverLimitMessage } from './apply-budget.js';
import { checkNamespacesExist, type NamespaceUse } from './check-namespaces.js';
import { readDuration } from './duration.js';
import { isListKind } from './kinds.js';
import { LIMITS } from './limits.js';
import { createReporter } from './reporter.js';
import type { Reporter } from './reporter.js';
import { isYamlMap, readList, readMap } from './read-fields.js';
import type { MapReader } from './read-fields.js';
import type { AppliedObject, ScenarioProblem, SourceLocation } from './types.js';
import { parseYamlSource } from './yaml-source.js';
import type { YamlSource } from './yaml-source.js';

export interface ApplyContext {
  scenarioFile: string;
  readFile: (path: string) => string;
  problems: ScenarioProblem[];
  /** Nodes of the cluster: a DaemonSet's pods, for the pod limit. */
  nodeCount: number;
}

export interface ApplyResult {
  objects: AppliedObject[];
  /** False when a manifest file could not be read or parsed: cross-checks against objects would mislead. */
  complete: boolean;
}

/** One manifest object before admission, with where to report about it. */
interface Candidate {
  value: unknown;
  r: Reporter;
  source: SourceLocation;
}

/** Each manifest file read once, by path; undefined when it could not be read. */
type SourceCache = Map<string, YamlSource | undefined>;

interface Entry {
  step: number;
  atMs: number;
  namespace: string | undefined;
  /** Reports a problem about the namespace at the entry's `namespace:` (or `namespaces:`) field. */
  reportNamespace: (message: string) => void;
}

/** One `apply` entry as read: its manifests (undefined when its file failed) and where they go. */
interface ReadEntry {
  reader: MapReader;
  step: number;
  atMs: number;
  candidates: Candidate[] | undefined;
  namespaces: Array<string | undefined>;
}

const ENTRY_FIELDS = ['file', 'objects', 'namespace', 'namespaces', 'at'];

export function readApply(r: Reporter, value: unknown, context: ApplyContext): ApplyResult {
  const sources: SourceCache = new Map();
  const entries = readList(r, ['apply'], value).flatMap((item, step) => {
    const entry = readMap(r, ['apply', step], item, true);
    if (!entry) return [];
    entry.rejectUnknown(ENTRY_FIELDS);
    const candidates = entryCandidates(entry, context, sources);
    return [{ reader: entry, step, atMs: readAtMs(entry), candidates, namespaces: readNamespaces(entry) }];
  });
  if (objectsOverLimit(entries)) return { objects: [], complete: false };
  const result: ApplyResult = { objects: [], complete: entries.every((entry) => entry.candidates !== undefined) };
  const budget = new PodBudget(context.nodeCount);
  const uses: NamespaceUse[] = [];
  for (const { reader, step, atMs, candidates, namespaces } of entries) {
    // `namespaces: [a, b, …]` (an extension): the same manifests applied once per namespace, like
    // running `oc apply -n NS` for each — how generated clusters stay small.
    const namespaceField = reader.at(reader.has('namespaces') ? 'namespaces' : 'namespace');
    const reportNamespace = (message: string): void => reader.r.report(namespaceField, message);
    for (const namespace of namespaces) {
      for (const candidate of candidates ?? []) admitCandidate(candidate, { step, atMs, namespace, reportNamespace }, { objects: result.objects, budget, uses });
    }
  }
  budget.reportOverLimit();
  checkNamespacesExist(uses);
  return result;
}

/** Reports the entry that takes the objects applied past LIMITS.objects (before any is admitted). */
function objectsOverLimit(entries: readonly ReadEntry[]): boolean {
  const counts = entries.map(({ candidates, namespaces }) => namespaces.length * (candidates ?? []).reduce((sum, c) => sum + countObjects(c.value), 0));
  const total = counts.reduce((sum, count) => sum + count, 0);
  if (total <= LIMITS.objects) return false;
  let running = 0;
  const crossing = entries.findIndex((_, i) => (running += counts[i]!) > LIMITS.objects);
  const entry = entries[crossing]!.reader;
  entry.r.report(entry.has('namespaces') ? entry.at('namespaces') : entry.path, objectsOverLimitMessage(total, counts[crossing]!));
  return true;
}

function readNamespaces(entry: MapReader): Array<string | undefined> {
  if (entry.has('namespace') && entry.has('namespaces')) {
    entry.r.report(entry.at('namespaces'), 'give either namespace or namespaces, not both');
    return [];
  }
  if (!entry.has('namespaces')) return [entry.read('namespace', 'string')];
  return readList(entry.r, entry.at('namespaces'), entry.map['namespaces']).flatMap((value, i) => {
    if (typeof value === 'string' && value) return [value];
    entry.r.report(entry.at('namespaces', i), 'expected a namespace name');
    return [];
  });
}

function readAtMs(entry: MapReader): number {
  if (!entry.has('at')) return 0;
  const at = readDuration(entry.map['at']);
  if (!at.ok) entry.r.report(entry.at('at'), at.message);
  return at.ok ? at.ms : 0;
}

/** The entry's objects; undefined when its file could not be read or parsed. */
function entryCandidates(entry: MapReader, context: ApplyContext, sources: SourceCache): Candidate[] | undefined {
  const hasFile = entry.has('file');
  const hasObjects = entry.has('objects');
  if (hasFile === hasObjects) {
    entry.r.report(entry.path, hasFile ? 'give either file or objects, not both' : 'file or objects is required');
    return [];
  }
  if (hasObjects) {
    return readList(entry.r, entry.at('objects'), entry.map['objects']).map((value, j) => {
      const r = entry.r.within(entry.at('objects', j));
      return { value, r, source: r.locate([]) };
    });
  }
  const file = entry.read('file', 'string');
  return file === undefined ? undefined : fileCandidates(entry, file, context, sources);
}

function fileCandidates(
  entry: MapReader,
  file: string,
  context: ApplyContext,
  sources: SourceCache,
): Candidate[] | undefined {
  const path = isAbsolute(file) ? file : join(dirname(context.scenarioFile), file);
  if (!sources.has(path)) sources.set(path, loadSource(entry, path, context));
  const source = sources.get(path);
  if (source === undefined || source.problems.some((problem) => problem.severity === 'error')) return undefined;
  return source.documents.map((doc) => ({
    value: doc.value,
    r: createReporter(context.problems, doc.locate),
    source: doc.source,
  }));
}

function loadSource(entry: MapReader, path: string, context: ApplyContext): YamlSource | undefined {
  let text: string;
  try {
    text = context.readFile(path);
  } catch (error) {
    entry.r.report(entry.at('file'), `cannot read file "${path}": ${describeReadError(error)}`);
    return undefined;
  }
  const source = parseYamlSource(path, text);
  context.problems.push(...source.problems);
  return source;
}

/** `ENOENT: no such file or directory` from Node's `ENOENT: no such file or directory, open 'x'`. */
export function describeReadError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const code = isYamlMap(error) && typeof error['code'] === 'string' ? error['code'] : undefined;
  return code !== undefined && message.startsWith(`${code}:`) ? (message.split(',')[0] ?? message) : message;
}

/** Where admitted objects go: the applied list, the pod count against the limit, the namespace checks. */
interface Admitted {
  objects: AppliedObject[];
  budget: PodBudget;
  uses: NamespaceUse[];
}

function admitCandidate(candidate: Candidate, entry: Entry, admitted: Admitted): void {
  const { objects, budget, uses } = admitted;
  const { value, r } = candidate;
  const isList = isYamlMap(value) && typeof value['kind'] === 'string' && isListKind(value['kind']);
  const items = isList ? value['items'] : undefined;
  if (Array.isArray(items)) {
    items.forEach((item, k) => {
      const itemR = r.within(['items', k]);
      admitCandidate({ value: item, r: itemR, source: itemR.locate([]) }, entry, admitted);
    });
    return;
  }
  const object = admitObject(r, value, entry.namespace, candidate.source.file);
  if (!object) return;
  budget.add(object, r);
  const { step, atMs } = entry;
  const applied: AppliedObject = { object, step, atMs, locate: r.locate, source: candidate.source };
  replaceSameTimeDuplicate(objects, applied);
  // The problem goes where the namespace was named: the entry's `-n`, else the manifest's own.
  const own = isYamlMap(value) && isYamlMap(value['metadata']) && typeof value['metadata']['namespace'] === 'string';
  const report = entry.namespace !== undefined ? entry.reportNamespace : own ? (message: string) => r.report(['metadata', 'namespace'], message) : undefined;
  uses.push({ applied, report });
}

/**
 * Two objects with the same kind/namespace/name applied at the same time: the later wins, like
 * `oc apply`. At different times both stay, in order: the later one updates the earlier.
 */
function replaceSameTimeDuplicate(objects: AppliedObject[], applied: AppliedObject): void {
  // An index per list keeps this linear for generated scenarios with tens of thousands of objects.
  let index = positions.get(objects);
  if (!index) positions.set(objects, (index = new Map()));
  const key = `${applied.atMs}|${objectKey(applied)}`;
  const earlier = index.get(key);
  if (earlier !== undefined) objects[earlier] = applied;
  else {
    index.set(key, objects.length);
    objects.push(applied);
  }
}

const positions = new WeakMap<AppliedObject[], Map<string, number>>();

function objectKey({ object }: AppliedObject): string {
  return `${object.kind}/${object.metadata.namespace ?? ''}/${object.metadata.name}`;
}
