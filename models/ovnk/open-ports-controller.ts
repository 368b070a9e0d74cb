// ovnkube-controller reading `k8s.ovn.org/open-default-ports` on primary-UDN pods (W-4): a parse
// error opens nothing and is logged; the Warning event's reason is assumed (`ErrorUpdatingResource`).
import { controller, NO_KEYS } from '../controller.js';
import type { ReconcileResult } from '../controller.js';
import { recordEvent } from '../kube/events.js';
import { isoAt } from '../kube/time.js';
import type { Pod } from '../kube/types.js';
import type { StoreView } from '../store-view.js';
import { activeNetwork } from './networks.js';
import { OPEN_DEFAULT_PORTS_ANNOTATION, openDefaultPorts } from './open-ports.js';

export const openPortsController = controller<undefined>({
  name: 'ovnkube-open-ports',
  delayMs: 0,
  watches: [
    {
      kind: 'Pod',
      keys: (e) => {
        const now = e.object.metadata.annotations?.[OPEN_DEFAULT_PORTS_ANNOTATION];
        return now !== undefined && now !== e.old?.metadata.annotations?.[OPEN_DEFAULT_PORTS_ANNOTATION] ? [e.key] : NO_KEYS;
      },
    },
  ],
  initialState: () => undefined,
  reconcile: (key, view, ctx) => checkOpenPorts(key, view, isoAt(ctx.cluster.epochMs, ctx.nowMs)),
});

function checkOpenPorts(key: string, view: StoreView, nowIso: string): ReconcileResult {
  const pod = view.get<Pod>('Pod', key);
  const parsed = pod && openDefaultPorts(pod);
  if (!pod || !parsed || parsed.ok || activeNetwork(view, pod.metadata.namespace ?? 'default').kind !== 'udn') return {};
  const message = `failed to get open ports for pod ${key}: ${parsed.error}`;
  return {
    logs: [{ component: 'ovnkube-controller', level: 'error', message }],
    writes: [recordEvent(view, { involved: pod, type: 'Warning', reason: 'ErrorUpdatingResource', message, component: 'ovnkube-controller', nowIso })],
  };
}
