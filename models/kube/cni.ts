// The CNI chain kubelet runs while it sets up a pod sandbox (OVN-K, then Multus's network-status,
// then istio-cni). Plugins are injected so kubelet knows nothing of the networks behind them.
import type { StoreView } from '../store-view.js';
import type { ClusterConfig } from '../cluster-config.js';
import type { EventSpec } from './events.js';
import type { Pod } from './types.js';

/** An Event a plugin posts about the pod while it sets it up (Multus' `AddedInterface`); it is
 * recorded on the pod at the sandbox's instant. */
export type CniEvent = Pick<EventSpec, 'type' | 'reason' | 'message' | 'component'>;

export type CniResult =
  | { ok: true; podIps?: string[]; annotations?: Record<string, string>; events?: CniEvent[] }
  /** Not yet (waiting for an annotation, a network): kubelet retries on the next pod event. */
  | { ok: false; reason: string };

export interface CniPlugin {
  name: string;
  setUp(pod: Pod, view: StoreView, cluster: ClusterConfig): CniResult;
  /** Why kubelet's readiness probes never reach this pod, if they don't (W-5.3). */
  probesBlocked?(pod: Pod, view: StoreView): string | undefined;
}
