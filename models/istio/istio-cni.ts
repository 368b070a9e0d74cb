// istio-cni (W-5.3): which pods are enrolled in ambient, the CNI plugin that annotates them during
// sandbox set-up, and the node agent that enrols pods started before it and flips `pending` to
// `enabled` once ztunnel on the node is ready.
import { controller, NO_KEYS } from '../controller.js';
import type { ReconcileResult } from '../controller.js';
import type { CniPlugin } from '../kube/cni.js';
import type { Namespace, Pod } from '../kube/types.js';
import type { StoreView } from '../store-view.js';
import { POD_NODE_INDEX } from '../kube/scheduler.js';
import { activeNetwork } from '../ovnk/networks.js';
import { MESH_AGENT_INDEX, isCniAgentRunning, isZtunnelReady } from './mesh-pods.js';
import { CNI_APP_LABEL, DATAPLANE_MODE_LABEL, REDIRECTION_ANNOTATION, SIDECAR_STATUS_ANNOTATION, ZTUNNEL_APP_LABEL, type IstioCNI } from './types.js';

/** W-5.3: pod label ambient, or namespace label ambient unless the pod says `none`; never sidecar pods. */
export function shouldEnrol(pod: Pod, view: StoreView): boolean {
  if (pod.spec.hostNetwork || pod.metadata.annotations?.[SIDECAR_STATUS_ANNOTATION] !== undefined) return false;
  const podMode = pod.metadata.labels?.[DATAPLANE_MODE_LABEL];
  if (podMode === 'ambient') return true;
  if (podMode === 'none') return false;
  const ns = view.get<Namespace>('Namespace', pod.metadata.namespace ?? 'default');
  return ns?.metadata.labels?.[DATAPLANE_MODE_LABEL] === 'ambient';
}

function desiredRedirection(pod: Pod, view: StoreView): string | undefined {
  const node = pod.spec.nodeName;
  if (!node || !shouldEnrol(pod, view) || !isCniAgentRunning(view, node)) return undefined;
  return isZtunnelReady(view, node) ? 'enabled' : 'pending';
}

export const istioCniPlugin: CniPlugin = {
  name: 'istio-cni',
  setUp(pod, view) {
    const value = desiredRedirection(pod, view);
    return value ? { ok: true, annotations: { [REDIRECTION_ANNOTATION]: value } } : { ok: true };
  },
  /** W-5.3: upstream install-cni SNATs kubelet's probes of enrolled pods to 169.254.7.127, which the
   * DenyPrimaryUDN ACL on a primary-UDN pod's eth0 drops; the POC's patched install-cni admits them. */
  probesBlocked(pod, view) {
    if (pod.metadata.annotations?.[REDIRECTION_ANNOTATION] !== 'enabled') return undefined;
    if (activeNetwork(view, pod.metadata.namespace ?? 'default').kind !== 'udn') return undefined;
    const image = view.get<IstioCNI>('IstioCNI', 'default')?.spec?.values?.cni?.image ?? '';
    if (/ovnk-udn/.test(image)) return undefined;
    return 'kubelet probes are SNATed to 169.254.7.127 by istio-cni and dropped by the DenyPrimaryUDN ACL on eth0 (W-5.3)';
  },
};

const isMeshAgent = (pod: Pod) =>
  pod.metadata.labels?.['app'] === ZTUNNEL_APP_LABEL.app || pod.metadata.labels?.['k8s-app'] === CNI_APP_LABEL['k8s-app'];

export const istioCniNodeAgent = controller<undefined>({
  name: 'istio-cni-node-agent',
  delayMs: 0,
  indexes: [MESH_AGENT_INDEX],
  watches: [
    {
      kind: 'Pod',
      keys: (e, view) => {
        const pod = e.object as Pod;
        if (e.type === 'DELETED' || !pod.spec.nodeName) return NO_KEYS;
        // A pod is woken only when the agent would change it: the agents on its node and its
        // namespace are watched apart, and wake it when they change what it should have.
        if (!isMeshAgent(pod)) return pod.status?.phase === 'Running' && !pod.spec.hostNetwork && enrolmentInputsChanged(pod, e.old as Pod | undefined) && redirectionChange(pod, view) !== undefined ? [e.key] : NO_KEYS;
        return view.byIndex<Pod>('Pod', POD_NODE_INDEX, pod.spec.nodeName).map((p) => `${p.metadata.namespace}/${p.metadata.name}`);
      },
    },
    { kind: 'Namespace', keys: (e, view) => view.list<Pod>('Pod', e.object.metadata.name).map((p) => `${p.metadata.namespace}/${p.metadata.name}`) },
  ],
  initialState: () => undefined,
  reconcile: (key, view) => reconcileEnrolment(key, view),
});

/** What the agent reads of the pod itself (the node's agents and the namespace are watched apart). */
function enrolmentInputsChanged(pod: Pod, old: Pod | undefined): boolean {
  return (
    !old ||
    pod.status?.phase !== old.status?.phase ||
    pod.metadata.annotations !== old.metadata.annotations ||
    pod.metadata.labels !== old.metadata.labels ||
    pod.metadata.deletionTimestamp !== old.metadata.deletionTimestamp
  );
}

function reconcileEnrolment(key: string, view: StoreView): ReconcileResult {
  const pod = view.get<Pod>('Pod', key);
  const change = pod && redirectionChange(pod, view);
  if (!pod || !change) return {};
  const annotations = { ...(pod.metadata.annotations ?? {}) };
  if (change.value === undefined) delete annotations[REDIRECTION_ANNOTATION];
  else annotations[REDIRECTION_ANNOTATION] = change.value;
  return { writes: [{ op: 'update', object: { ...pod, metadata: { ...pod.metadata, annotations } } }] };
}

/** The redirection annotation the agent would give the pod (`value` undefined: none), or undefined
 * when it has it already (or is not running, or is on a node whose agent is not running yet). */
function redirectionChange(pod: Pod, view: StoreView): { value: string | undefined } | undefined {
  if (pod.status?.phase !== 'Running' || pod.metadata.deletionTimestamp) return undefined;
  const desired = desiredRedirection(pod, view);
  const current = pod.metadata.annotations?.[REDIRECTION_ANNOTATION];
  if (desired === current) return undefined;
  if (desired === undefined && shouldEnrol(pod, view)) return undefined; // agent not running yet: nothing changes
  return { value: desired };
}
