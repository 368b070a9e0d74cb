// The CNI chain kubelet runs while it sets up a pod sandbox (OVN-K, then Multus's network-status,
// then istio-cni). Plugins are injected so kubelet knows nothing of the networks behind them.
import type { StoreView } from '../store-view.js';
import type { ClusterConfig } from '../cluster-config.js';
import type { Pod } from './types.js';

export type CniResult =
  | { ok: true; podIps?: string[]; annotations?: Record<string, string> }
  /** Not yet (waiting for an annotation, a network): kubelet retries on the next pod event. */
  | { ok: false; reason: string };

export interface CniPlugin {
  name: string;
  setUp(pod: Pod, view: StoreView, cluster: ClusterConfig): CniResult;
  /** Why kubelet's readiness probes never reach this pod, if they don't (W-5.3). */
  probesBlocked?(pod: Pod, view: StoreView): string | undefined;
}
