// Finding the mesh's own pods on a node (istio-cni agent, ztunnel) and istiod's: by the labels the
// Sail operator gives them.
import { isPodReady } from '../kube/pods.js';
import type { Pod } from '../kube/types.js';
import type { StoreView } from '../store-view.js';
import type { IndexSpec } from '../controller.js';
import { memoByText } from '../memo.js';
import { CNI_APP_LABEL, ISTIOD_APP_LABEL, ZTUNNEL_APP_LABEL } from './types.js';

/** The mesh's own agents by role and node, so that a pod event never scans its node's pods. */
export const MESH_AGENT_INDEX: IndexSpec = {
  kind: 'Pod',
  name: 'mesh-agent-node',
  fn: (object) => {
    const pod = object as Pod;
    const node = pod.spec.nodeName;
    if (!node || pod.metadata.deletionTimestamp) return [];
    if (pod.metadata.labels?.['app'] === ZTUNNEL_APP_LABEL.app) return [`ztunnel|${node}`];
    if (pod.metadata.labels?.['k8s-app'] === CNI_APP_LABEL['k8s-app']) return [`cni|${node}`];
    return [];
  },
  unchanged: (object, old) =>
    object.metadata.labels === old.metadata.labels &&
    object.metadata.deletionTimestamp === old.metadata.deletionTimestamp &&
    (object as Pod).spec.nodeName === (old as Pod).spec.nodeName,
};

/** The index values, built once per node and role (a fresh string is hashed on every lookup). */
const agentKeys = { ztunnel: memoByText((node) => `ztunnel|${node}`), cni: memoByText((node) => `cni|${node}`) };

function onNode(view: StoreView, node: string, role: 'ztunnel' | 'cni'): Pod | undefined {
  const key = agentKeys[role](node);
  // Every pod started asks for its node's agents (twice): the answer is kept until a mesh agent
  // pod is written, which moves the index's revision.
  const revision = view.indexRevision('Pod', MESH_AGENT_INDEX.name);
  let cache = agentCache.get(view);
  if (cache?.revision !== revision) agentCache.set(view, (cache = { revision, byKey: new Map() }));
  if (cache.byKey.has(key)) return cache.byKey.get(key);
  const pods = view.byIndex<Pod>('Pod', MESH_AGENT_INDEX.name, key);
  const pod = pods.length <= 1 ? pods[0] : [...pods].sort((a, b) => a.metadata.name.localeCompare(b.metadata.name))[0];
  cache.byKey.set(key, pod);
  return pod;
}

/** Per store, the agent found under each index value as of the index's revision. */
const agentCache = new WeakMap<StoreView, { revision: number; byKey: Map<string, Pod | undefined> }>();

export function ztunnelPodOnNode(view: StoreView, node: string): Pod | undefined {
  return onNode(view, node, 'ztunnel');
}

export function cniAgentOnNode(view: StoreView, node: string): Pod | undefined {
  return onNode(view, node, 'cni');
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
