// Finding the mesh's own pods on a node (istio-cni agent, ztunnel) and istiod's: by the labels the
// Sail operator gives them.
import { POD_NODE_INDEX } from '../kube/scheduler.js';
import { isPodReady } from '../kube/pods.js';
import type { Pod } from '../kube/types.js';
import type { StoreView } from '../store-view.js';
import { CNI_APP_LABEL, ISTIOD_APP_LABEL, ZTUNNEL_APP_LABEL } from './types.js';

function onNode(view: StoreView, node: string, labels: Record<string, string>): Pod | undefined {
  return view
    .byIndex<Pod>('Pod', POD_NODE_INDEX, node)
    .filter((p) => Object.entries(labels).every(([k, v]) => p.metadata.labels?.[k] === v) && !p.metadata.deletionTimestamp)
    .sort((a, b) => a.metadata.name.localeCompare(b.metadata.name))[0];
}

export function ztunnelPodOnNode(view: StoreView, node: string): Pod | undefined {
  return onNode(view, node, ZTUNNEL_APP_LABEL);
}

export function cniAgentOnNode(view: StoreView, node: string): Pod | undefined {
  return onNode(view, node, CNI_APP_LABEL);
}

export function isZtunnelReady(view: StoreView, node: string): boolean {
  const pod = ztunnelPodOnNode(view, node);
  return pod !== undefined && isPodReady(pod);
}

export function isCniAgentRunning(view: StoreView, node: string): boolean {
  return cniAgentOnNode(view, node)?.status?.phase === 'Running';
}

export function readyIstiodPods(view: StoreView): Pod[] {
  return view
    .list<Pod>('Pod')
    .filter((p) => p.metadata.labels?.['app'] === ISTIOD_APP_LABEL.app && isPodReady(p))
    .sort((a, b) => a.metadata.name.localeCompare(b.metadata.name));
}
