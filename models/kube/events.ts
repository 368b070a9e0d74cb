// Recording a Kubernetes Event the way client-go's recorder and the API server's aggregation do:
// a repeat of the same reason and message on the same object bumps `count` and `lastTimestamp`.
import type { Write } from '../controller.js';
import type { StoreView } from '../store-view.js';
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
}

export function recordEvent(view: StoreView, spec: EventSpec): Write {
  const ns = spec.involved.metadata.namespace ?? 'default';
  const involvedObject = {
    kind: spec.involved.kind,
    name: spec.involved.metadata.name,
    ...(spec.involved.metadata.namespace ? { namespace: spec.involved.metadata.namespace } : {}),
    ...(spec.involved.metadata.uid ? { uid: spec.involved.metadata.uid } : {}),
  };
  const identity = `${involvedObject.uid ?? ''}|${spec.reason}|${spec.aggregateByReason ? '' : spec.message}`;
  const name = `${spec.involved.metadata.name}.${fnv32a(identity).toString(16).padStart(8, '0')}`;
  const existing = view.get<KubeEvent>('Event', `${ns}/${name}`);
  if (existing) return { op: 'update', object: { ...existing, message: spec.message, lastTimestamp: spec.nowIso, count: (existing.count ?? 1) + 1 } };
  const event: KubeEvent = {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name, namespace: ns },
    involvedObject,
    reason: spec.reason,
    message: spec.message,
    type: spec.type,
    source: { component: spec.component, ...(spec.host ? { host: spec.host } : {}) },
    firstTimestamp: spec.nowIso,
    lastTimestamp: spec.nowIso,
    count: 1,
  };
  return { op: 'create', object: event };
}
