// Recording a Kubernetes Event as client-go's recorders and the API server's aggregation do: a repeat
// of the same reason and message on the same object bumps `count` and `lastTimestamp` (tools/record),
// or `series` for one recorded through events.k8s.io (tools/events, kube-scheduler's).
import type { Write } from '../controller.js';
import type { StoreView } from '../store-view.js';
import { memoByText } from '../memo.js';
import { fnv32a } from './names.js';
import type { KubeEvent, KubeObject } from './types.js';

export interface EventSpec {
  involved: KubeObject;
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
  const { involved } = spec;
  const ns = involved.metadata.namespace ?? 'default';
  // Joined flat: every Event's name is kept, and hashed whole as its key.
  const name = [involved.metadata.name, '.', identityHash(involved.metadata.uid ?? '', spec.reason, spec.aggregateByReason ? '' : spec.message)].join('');
  const existing = view.get<KubeEvent>('Event', [ns, '/', name].join(''));
  const involvedObject = involvedObjectOf(involved);
  if (spec.action !== undefined) return recordSeriesEvent(existing, spec, { name, namespace: ns }, involvedObject);
  if (existing) return { op: 'update', object: { ...existing, message: spec.message, lastTimestamp: spec.nowIso, count: (existing.count ?? 1) + 1 } };
  const event: KubeEvent = {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name, namespace: ns },
    involvedObject,
    reason: spec.reason,
    message: spec.message,
    type: spec.type,
    source: sourceOf(spec.component, spec.host),
    firstTimestamp: spec.nowIso,
    lastTimestamp: spec.nowIso,
    count: 1,
  };
  return { op: 'create', object: event };
}

/** The reference to the involved object; one per stored version of a workload (a ReplicaSet's many
 * events share theirs; stored objects are never edited in place), made afresh for a pod (one each). */
function involvedObjectOf(involved: KubeObject): KubeEvent['involvedObject'] {
  if (involved.kind === 'Pod') return referenceTo(involved);
  let made = involvedObjects.get(involved);
  if (made === undefined) involvedObjects.set(involved, (made = referenceTo(involved)));
  return made;
}

function referenceTo(involved: KubeObject): KubeEvent['involvedObject'] {
  const { name, namespace, uid } = involved.metadata;
  if (namespace && uid) return { kind: involved.kind, name, namespace, uid };
  return { kind: involved.kind, name, ...(namespace ? { namespace } : {}), ...(uid ? { uid } : {}) };
}

const involvedObjects = new WeakMap<KubeObject, KubeEvent['involvedObject']>();

const sourceOf = (component: string, host: string | undefined): NonNullable<KubeEvent['source']> => (host ? sourcesOnHost(component)(host) : sources(component));
const sources = memoByText((component) => ({ component }));
const sourcesOnHost = memoByText((component) => memoByText((host) => ({ component, host })));

/** FNV-1a (32 bits, 8 hex digits) of `uid|reason|message` in UTF-8, as `fnv32a` gives it, without
 * building the text: the usual ASCII text is hashed by its char codes. */
function identityHash(uid: string, reason: string, message: string): string {
  const hash = fnvAscii(fnvAscii(fnvAscii(fnvAscii(fnvAscii(FNV_OFFSET_BASIS, uid), '|'), reason), '|'), message);
  return (hash >= 0 ? hash : fnv32a(`${uid}|${reason}|${message}`)).toString(16).padStart(8, '0');
}

/** FNV-1a continued over an ASCII text's char codes (its UTF-8 bytes); -1 once a text is not ASCII. */
function fnvAscii(hash: number, text: string): number {
  if (hash < 0) return hash;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 0x80) return -1;
    hash = Math.imul(hash ^ code, FNV_PRIME) >>> 0;
  }
  return hash;
}

const FNV_OFFSET_BASIS = 2166136261;
const FNV_PRIME = 16777619;

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
