// Each node's ztunnel receiving istiod's push ≈50 ms after it is made (W-7). What a ztunnel holds
// (`ZtunnelConfig`, internal) is what `istioctl zc` shows and what its data path uses.
import { controller, NO_KEYS } from '../controller.js';
import type { ReconcileResult } from '../controller.js';
import { isoAt } from '../kube/time.js';
import type { KubeObject, Pod } from '../kube/types.js';
import type { StoreView } from '../store-view.js';
import { AMBIENT_PUSH, INTERNAL_API, type AmbientPush } from './istiod-controller.js';
import { MESH_AGENT_INDEX, ztunnelPodOnNode } from './mesh-pods.js';
import { ZTUNNEL_APP_LABEL } from './types.js';

export const ZTUNNEL_CONFIG = 'ZtunnelConfig';

export interface ZtunnelConfig extends KubeObject {
  kind: typeof ZTUNNEL_CONFIG;
  spec: { node: string; ztunnelPod: string; push: AmbientPush['spec']; receivedAt: string };
}

export const createZtunnelConfigController = (delayMs: number) => controller<undefined>({
  name: 'ztunnel-xds',
  delayMs,
  indexes: [MESH_AGENT_INDEX],
  watches: [
    { kind: AMBIENT_PUSH, keys: (_e, view) => view.list('Node').map((n) => n.metadata.name) },
    { kind: 'Pod', keys: (e) => ((e.object as Pod).metadata.labels?.['app'] === ZTUNNEL_APP_LABEL.app && (e.object as Pod).spec.nodeName ? [(e.object as Pod).spec.nodeName!] : NO_KEYS) },
  ],
  initialState: () => undefined,
  reconcile: (node, view, ctx) => receivePush(node, view, isoAt(ctx.cluster.epochMs, ctx.nowMs)),
});

function receivePush(node: string, view: StoreView, nowIso: string): ReconcileResult {
  const ztunnel = ztunnelPodOnNode(view, node);
  const push = view.get<AmbientPush>(AMBIENT_PUSH, 'istiod');
  const current = view.get<ZtunnelConfig>(ZTUNNEL_CONFIG, node);
  if (!ztunnel || ztunnel.status?.phase !== 'Running' || !push) {
    return current ? { writes: [{ op: 'delete', kind: ZTUNNEL_CONFIG, key: node }] } : {};
  }
  const podName = `${ztunnel.metadata.namespace}/${ztunnel.metadata.name}`;
  if (current && current.spec.push.version === push.spec.version && current.spec.ztunnelPod === podName) return {};
  const config: ZtunnelConfig = {
    apiVersion: INTERNAL_API,
    kind: ZTUNNEL_CONFIG,
    metadata: { name: node },
    spec: { node, ztunnelPod: podName, push: push.spec, receivedAt: nowIso },
  };
  return { writes: [{ op: current ? 'update' : 'create', object: config }] };
}
