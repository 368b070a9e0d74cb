// Recording a Kubernetes Event the way client-go's recorder (tools/record event.go makeEvent,
// events_cache.go getEventKey) and the API server's aggregation do: a repeat of the same reason and
// message on the same object (and container, `fieldPath`) bumps `count` and `lastTimestamp`.
import type { Write } from '../controller.js';
import type { StoreView } from '../store-view.js';
import { fnv32aTextPair, hex8, mix32 } from './text-hash.js';
import type { KubeEvent, KubeObject, ObjectReference } from './types.js';

export interface EventSpec {
  involved: KubeObject;
  /** The part of the object the event is about: `spec.containers{name}` for a container's events. */
  fieldPath?: string;
  type: 'Normal' | 'Warning';
  reason: string;
  message: string;
  component: string;
  host?: string;
  nowIso: string;
  /** Repeats that differ only in their message (a new sandbox id each try) count as one event. */
  aggregateByReason?: boolean;
  /** Recorded through events.k8s.io with this action (kube-scheduler's `Binding`); `nowIso` is then
   * a MicroTime (see microTimeAt). */
  action?: string;
}

export function recordEvent(view: StoreView, spec: EventSpec): Write {
  const ns = spec.involved.metadata.namespace ?? 'default';
  const involvedObject = referenceTo(spec.involved, spec.fieldPath);
  const identity = [involvedObject.uid ?? '', '|', spec.reason, '|', spec.aggregateByReason ? '' : spec.message, spec.fieldPath === undefined ? '' : `|${spec.fieldPath}`].join('');
  const [hash, second] = fnv32aTextPair(identity);
  // Names and keys are kept per event: joined flat (a template literal keeps a rope of its parts).
  const name = [spec.involved.metadata.name, '.', hex8(hash)].join('');
  const existing = view.get<KubeEvent>('Event', [ns, '/', name].join(''));
  if (spec.action !== undefined) return recordSeriesEvent(existing, spec, { name, namespace: ns, uid: eventUid(hash, second) }, involvedObject);
  if (existing) return { op: 'update', object: { ...existing, message: spec.message, lastTimestamp: spec.nowIso, count: (existing.count ?? 1) + 1 } };
  const source = sourceOf(spec.component, spec.host ?? '');
  const event: KubeEvent = {
    apiVersion: 'v1',
    kind: 'Event',
    // The uid is the recorder's to give (a random UUID upstream): drawing it from the store's stream
    // would move every later object's uid each time an event is added.
    metadata: { name, namespace: ns, uid: eventUid(hash, second) },
    involvedObject,
    reason: spec.reason,
    message: spec.message,
    type: spec.type,
    source,
    firstTimestamp: spec.nowIso,
    lastTimestamp: spec.nowIso,
    count: 1,
    // The core/v1 fields the recorder leaves empty or fills from the source (no omitempty: always shown).
    eventTime: null,
    reportingComponent: spec.component,
    reportingInstance: spec.host ?? '',
  };
  return { op: 'create', object: event };
}

/** GetReference / GetPartialReference: kind, namespace, name, uid, apiVersion, resourceVersion and
 * the field path. A container's four lifecycle events are recorded one after the other with the
 * same pod and path, so they share the one reference (events are never edited in place). */
function referenceTo(involved: KubeObject, fieldPath: string | undefined): ObjectReference {
  if (lastReference.involved === involved && lastReference.fieldPath === fieldPath) return lastReference.reference;
  const { namespace, uid, resourceVersion } = involved.metadata;
  let reference: ObjectReference;
  if (namespace && uid && resourceVersion && fieldPath !== undefined) {
    // The usual case (a container's event) as one literal: keys added one by one spill out of the object.
    reference = { kind: involved.kind, name: involved.metadata.name, namespace, uid, apiVersion: involved.apiVersion, resourceVersion, fieldPath };
  } else {
    reference = { kind: involved.kind, name: involved.metadata.name };
    if (namespace) reference.namespace = namespace;
    if (uid) reference.uid = uid;
    reference.apiVersion = involved.apiVersion;
    if (resourceVersion) reference.resourceVersion = resourceVersion;
    if (fieldPath !== undefined) reference.fieldPath = fieldPath;
  }
  lastReference = { involved, fieldPath, reference };
  return reference;
}

let lastReference: { involved: KubeObject | undefined; fieldPath: string | undefined; reference: ObjectReference } = { involved: undefined, fieldPath: undefined, reference: { kind: '', name: '' } };

/** One `source` object per component and node: 50 000 pods' events share a few hundred. */
function sourceOf(component: string, host: string): KubeEvent['source'] {
  let byHost = sources.get(component);
  if (byHost === undefined) sources.set(component, (byHost = new Map()));
  let source = byHost.get(host);
  if (source === undefined) {
    if (byHost.size >= 10_000) byHost.clear();
    byHost.set(host, (source = Object.freeze(host ? { component, host } : { component })));
  }
  return source;
}

const sources = new Map<string, Map<string, NonNullable<KubeEvent['source']>>>();

/** A version-4-shaped UUID made from the identity's two hashes, joined flat. */
function eventUid(hash: number, second: number): string {
  const a = hex8(hash);
  const b = hex8(second);
  const c = hex8(mix32(hash ^ 0x9e3779b9));
  const d = hex8(mix32(second + 0x7f4a7c15));
  return [a, '-', b.slice(0, 4), '-4', b.slice(5, 8), '-', VARIANTS[hash & 3], c.slice(1, 4), '-', c.slice(4, 8), d].join('');
}

const VARIANTS = ['8', '9', 'a', 'b'];

/** An events.k8s.io event as core/v1 shows it: no source, timestamps or count; a repeat is a series. */
function recordSeriesEvent(existing: KubeEvent | undefined, spec: EventSpec, metadata: KubeEvent['metadata'], involvedObject: KubeEvent['involvedObject']): Write {
  if (existing) {
    const series = existing['series'] as { count: number } | undefined;
    return { op: 'update', object: { ...existing, message: spec.message, series: { count: (series?.count ?? 1) + 1, lastObservedTime: spec.nowIso } } };
  }
  const event: KubeEvent = {
    apiVersion: 'v1',
    kind: 'Event',
    metadata,
    involvedObject,
    reason: spec.reason,
    message: spec.message,
    type: spec.type,
    eventTime: spec.nowIso,
    action: spec.action,
    reportingComponent: spec.component,
    ...(spec.host ? { reportingInstance: spec.host } : {}),
  };
  return { op: 'create', object: event };
}

/** A MicroTime (RFC 3339 with microseconds), as events.k8s.io's eventTime is written; the last one
 * made is remembered (a scheduler binds many pods in the same millisecond). */
export function microTimeAt(epochMs: number, atMs: number): string {
  const ms = epochMs + atMs;
  if (ms !== lastMicroTime.ms) lastMicroTime = { ms, text: `${new Date(ms).toISOString().slice(0, -1)}000Z` };
  return lastMicroTime.text;
}

let lastMicroTime = { ms: Number.NaN, text: '' };
