// DaemonSet → one pod per node (`<ds>-<5 chars>`). The real controller pins pods with node
// affinity and lets the scheduler bind them; binding directly gives the same placement.
import { controller } from '../controller.js';
import type { ReconcileResult, Write } from '../controller.js';
import type { StoreView } from '../store-view.js';
import { OWNER_INDEX, ownerKeys } from './owners.js';
import { podFromTemplate } from './replicaset-controller.js';
import type { DaemonSet, Node, Pod } from './types.js';

export const daemonSetController = controller<undefined>({
  name: 'daemonset-controller',
  delayMs: 0,
  watches: [
    { kind: 'DaemonSet', keys: (e) => [e.key] },
    { kind: 'Pod', keys: (e) => ownerKeys(e.object, 'DaemonSet') },
    { kind: 'Node', keys: (_e, view) => view.list('DaemonSet').map((d) => `${d.metadata.namespace}/${d.metadata.name}`) },
  ],
  initialState: () => undefined,
  reconcile: (key, view) => reconcileDaemonSet(key, view),
});

function reconcileDaemonSet(key: string, view: StoreView): ReconcileResult {
  const ds = view.get<DaemonSet>('DaemonSet', key);
  if (!ds) return {};
  const pods = view.byIndex<Pod>('Pod', OWNER_INDEX, ds.metadata.uid ?? '');
  const covered = new Set(pods.map((p) => p.spec.nodeName));
  const writes: Write[] = [];
  const nodes = view.list<Node>('Node').sort((a, b) => a.metadata.name.localeCompare(b.metadata.name));
  for (const node of nodes) {
    if (covered.has(node.metadata.name)) continue;
    writes.push({ op: 'create', object: podFromTemplate(ds, ds.spec.template, undefined, { nodeName: node.metadata.name }) });
  }
  return { writes };
}
