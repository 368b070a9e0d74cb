// Recording events (client-go tools/record events_cache.go getEventKey and EventLogger.eventObserve's
// count, tools/events' series):
// one Event per object, reason and message whose repeats count up, named after the object and a
// hash of that identity; events.k8s.io events (kube-scheduler's) carry eventTime and an action.
import { describe, expect, it } from 'vitest';
import type { Write } from '../../models/controller.js';
import { microTimeAt, recordEvent } from '../../models/kube/events.js';
import { fnv32a } from '../../models/kube/names.js';
import type { KubeEvent, KubeObject } from '../../models/kube/types.js';
import { createRng } from '../../sim/engine/rng.js';
import { ApiStore } from '../../sim/store/api-store.js';

const rs: KubeObject = { apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'web-5d4f8', namespace: 'ns', uid: 'u-1' } };
const store = () => new ApiStore(() => 0, 0, createRng(1), createRng(2));
const apply = (s: ApiStore, write: Write) => (write.op === 'create' ? s.create(write.object) : write.op === 'update' ? s.update(write.object) : s.delete(write.kind, write.key));

describe('recordEvent', () => {
  it.each(['Created pod: web-5d4f8-abcde', 'Error creating: naïve “quotes”'])('names the event <object>.<FNV-1a of uid|reason|message> (%s)', (message) => {
    const write = recordEvent(store(), { involved: rs, type: 'Normal', reason: 'SuccessfulCreate', message, component: 'replicaset-controller', nowIso: '2026-01-01T00:00:00Z' });
    expect(write.op === 'create' && write.object.metadata.name).toBe(`web-5d4f8.${fnv32a(`u-1|SuccessfulCreate|${message}`).toString(16).padStart(8, '0')}`);
  });

  it('counts a repeat on the same Event, with its last time', () => {
    const s = store();
    const spec = { involved: rs, type: 'Warning' as const, reason: 'FailedCreate', message: 'Error creating: no', component: 'replicaset-controller' };
    apply(s, recordEvent(s, { ...spec, nowIso: '2026-01-01T00:00:00Z' }));
    apply(s, recordEvent(s, { ...spec, nowIso: '2026-01-01T00:00:05Z' }));
    expect(s.list<KubeEvent>('Event')).toEqual([
      expect.objectContaining({ involvedObject: { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-5d4f8', namespace: 'ns', uid: 'u-1' }, count: 2, firstTimestamp: '2026-01-01T00:00:00Z', lastTimestamp: '2026-01-01T00:00:05Z', source: { component: 'replicaset-controller' } }),
    ]);
  });

  it('writes an events.k8s.io event as core/v1 shows it: eventTime, action and reporting component, a series for a repeat', () => {
    const s = store();
    const pod: KubeObject = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'ns', uid: 'u-2' } };
    const spec = { involved: pod, type: 'Normal' as const, reason: 'Scheduled', message: 'Successfully assigned ns/p to worker-0', component: 'default-scheduler', action: 'Binding' };
    apply(s, recordEvent(s, { ...spec, nowIso: microTimeAt(Date.parse('2026-01-01T00:00:00Z'), 1234) }));
    const [event] = s.list<KubeEvent>('Event');
    expect(event).toMatchObject({ eventTime: '2026-01-01T00:00:01.234000Z', action: 'Binding', reportingComponent: 'default-scheduler' });
    expect(event!.source).toBeUndefined();
    expect(event!.count).toBeUndefined();
    apply(s, recordEvent(s, { ...spec, nowIso: '2026-01-01T00:00:02.000000Z' }));
    expect(s.list<KubeEvent>('Event')[0]!['series']).toEqual({ count: 2, lastObservedTime: '2026-01-01T00:00:02.000000Z' });
  });
});
