// `kubectl get events` as the API server prints it (kubernetes pkg/printers/internalversion/printers.go
// printEvent): a repeated event is one row whose LAST SEEN is its last time, with COUNT and FIRST SEEN
// under -o wide; an events.k8s.io event counts from its eventTime and its series.
import { describe, expect, it } from 'vitest';
import type { KubeEvent } from '../../models/kube/types.js';
import { printEvents } from '../../sim/report/get/events.js';

const epochMs = Date.parse('2026-01-01T00:00:00Z');
const ctx = (wide: boolean) => ({ epochMs, nowMs: 10_000, wide, withNamespace: false });
const base = { apiVersion: 'v1', kind: 'Event' as const, type: 'Normal' as const };

const failed: KubeEvent = {
  ...base, type: 'Warning', metadata: { name: 'web-5d4f8.0a1b2c3d', namespace: 'ns' }, involvedObject: { kind: 'ReplicaSet', name: 'web-5d4f8', namespace: 'ns' },
  reason: 'FailedCreate', message: 'Error creating: no', source: { component: 'replicaset-controller' },
  firstTimestamp: '2026-01-01T00:00:01Z', lastTimestamp: '2026-01-01T00:00:08Z', count: 12,
};
const scheduled: KubeEvent = {
  ...base, metadata: { name: 'web-5d4f8-abcde.1a2b3c4d', namespace: 'ns' }, involvedObject: { kind: 'Pod', name: 'web-5d4f8-abcde', namespace: 'ns' },
  reason: 'Scheduled', message: 'Successfully assigned ns/web-5d4f8-abcde to worker-0',
  eventTime: '2026-01-01T00:00:04.000000Z', action: 'Binding', reportingComponent: 'default-scheduler',
};

describe('sim get events', () => {
  it('prints a repeated event once, LAST SEEN its last time (the `(x12 over 9s)` form is `kubectl events`, not `get`)', () => {
    expect(printEvents([failed, scheduled], ctx(false)).split('\n')).toEqual([
      'LAST SEEN   TYPE      REASON         OBJECT                 MESSAGE',
      '2s          Warning   FailedCreate   replicaset/web-5d4f8   Error creating: no',
      '6s          Normal    Scheduled      pod/web-5d4f8-abcde    Successfully assigned ns/web-5d4f8-abcde to worker-0',
      '',
    ]);
  });

  it('gives its count and first time under -o wide, and an events.k8s.io event its reporting component and a count of 1', () => {
    const rows = printEvents([failed, scheduled], ctx(true)).split('\n').slice(1, 3).map((line) => line.split(/ {2,}/));
    expect(rows[0]).toEqual(['2s', 'Warning', 'FailedCreate', 'replicaset/web-5d4f8', 'replicaset-controller', 'Error creating: no', '9s', '12', 'web-5d4f8.0a1b2c3d']);
    expect(rows[1]).toEqual(['6s', 'Normal', 'Scheduled', 'pod/web-5d4f8-abcde', 'default-scheduler', 'Successfully assigned ns/web-5d4f8-abcde to worker-0', '6s', '1', 'web-5d4f8-abcde.1a2b3c4d']);
  });

  it('takes LAST SEEN and COUNT of an events.k8s.io series from the series', () => {
    const repeated = { ...scheduled, series: { count: 3, lastObservedTime: '2026-01-01T00:00:09.000000Z' } };
    const row = printEvents([repeated], ctx(true)).split('\n')[1]!.split(/ {2,}/);
    expect([row[0], row[6], row[7]]).toEqual(['1s', '6s', '3']);
  });
});
