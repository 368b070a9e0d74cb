// istiod's ambient push (W-5.4, W-7): debounced 100 ms (at most 10 s) after any pod, Service or
// EndpointSlice change, it recomputes the workloads with its address source and pushes them.
// The push is kept as an internal object (`AmbientPush`), which ztunnel picks up ≈50 ms later.
import { controller } from '../controller.js';
import type { LogRecord, ReconcileResult } from '../controller.js';
import type { KubeObject } from '../kube/types.js';
import type { StoreView } from '../store-view.js';
import { AmbientIndex } from './ambient-index.js';
import { decideIstiodBehaviour, type IstiodBehaviour } from './istiod-build.js';
import { SLICE_TARGET_INDEX } from '../kube/endpointslice-controller.js';
import { readyIstiodPods } from './mesh-pods.js';
import type { Istio } from './types.js';
import type { AmbientSnapshot } from './workload-types.js';

export const INTERNAL_API = 'udnsim.internal/v1';
export const AMBIENT_PUSH = 'AmbientPush';

export interface AmbientPush extends KubeObject {
  kind: typeof AMBIENT_PUSH;
  spec: { snapshot: AmbientSnapshot; behaviour: IstiodBehaviour; istiodPod: string; version: number };
}

interface State {
  version: number;
  /** Per pod, the last info line logged, so a line is logged when the result changes (as krt recomputes). */
  logged: Map<string, string>;
  /** The ambient index istiod keeps between pushes (its krt collections). */
  index: AmbientIndex;
}

export function createIstiodController(overrides: { ambientAddressSource?: string; endpointSliceServiceLabel?: string }, debounce: { quietMs: number; maxMs: number }) {
  const PUSH: readonly string[] = ['push'];
  const wake = () => PUSH;
  return controller<State>({
    name: 'istiod',
    delayMs: 0,
    debounce,
    indexes: [SLICE_TARGET_INDEX],
    watches: ['Pod', 'Service', 'EndpointSlice', 'Namespace', 'Istio'].map((kind) => ({ kind, keys: wake })),
    initialState: () => ({ version: 0, logged: new Map(), index: new AmbientIndex() }),
    reconcile: (_key, view, ctx) => pushWorkloads(view, ctx.state, overrides, ctx.cluster.clusterDomain),
  });
}

export function currentIstio(view: StoreView): Istio | undefined {
  return view.list<Istio>('Istio').sort((a, b) => a.metadata.name.localeCompare(b.metadata.name))[0];
}

function pushWorkloads(view: StoreView, state: State, overrides: Parameters<typeof createIstiodController>[0], clusterDomain: string): ReconcileResult {
  const istiod = readyIstiodPods(view)[0];
  if (!istiod) return {};
  const behaviour = decideIstiodBehaviour(currentIstio(view), overrides);
  const { snapshot, logs } = state.index.update(view, {
    addressSource: behaviour.ambientAddressSource,
    serviceLabel: behaviour.endpointSliceServiceLabel,
    clusterDomain,
  });
  const fresh: LogRecord[] = [];
  for (const log of logs) {
    const pod = /for pod (\S+):/.exec(log.message)?.[1] ?? log.message;
    if (state.logged.get(pod) === log.message) continue;
    state.logged.set(pod, log.message);
    fresh.push(log);
  }
  // Woken only by a change of its inputs, istiod pushes what it computed (as its debounced push does).
  const current = view.get<AmbientPush>(AMBIENT_PUSH, 'istiod');
  state.version += 1;
  const push: AmbientPush = {
    apiVersion: INTERNAL_API,
    kind: AMBIENT_PUSH,
    metadata: { name: 'istiod' },
    spec: { snapshot, behaviour, istiodPod: `${istiod.metadata.namespace}/${istiod.metadata.name}`, version: state.version },
  };
  return { writes: [{ op: current ? 'update' : 'create', object: push }], logs: fresh };
}
