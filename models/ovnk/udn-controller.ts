// OVN-K's (C)UDN controller (W-2.1, W-2.2): puts its finalizer on the (C)UDN, renders a
// NetworkAttachmentDefinition in each selected namespace, refuses what the label rules and the
// overlap check refuse, and writes the conditions (upstream userdefinednetwork/controller.go).
import { controller } from '../controller.js';
import type { ReconcileResult, Write } from '../controller.js';
import type { ClusterConfig } from '../cluster-config.js';
import type { StoreView } from '../store-view.js';
import { labelSelectorMatches } from '../kube/labels.js';
import { controllerRef } from '../kube/owners.js';
import { isoAt } from '../kube/time.js';
import type { Condition, Namespace, Node } from '../kube/types.js';
import { networkNameFor, networkOfNad, networkSpecOf, renderNadConfig } from './networks.js';
import { nodeSubnets } from './node-subnet-controller.js';
import { checkSubnetOverlap } from './subnet-overlap.js';
import type { ClusterUserDefinedNetwork, NetworkAttachmentDefinition, NetworkSpec, UserDefinedNetwork } from './types.js';
import { HostSubnetAllocator } from './host-subnet-allocator.js';
import { PRIMARY_UDN_JOIN_SUBNETS, PRIMARY_UDN_LABEL, UDN_FINALIZER, UDN_NAD_LABEL } from './types.js';

type Owner = UserDefinedNetwork | ClusterUserDefinedNetwork;
const CUDN = 'ClusterUserDefinedNetwork';
const UDN = 'UserDefinedNetwork';

export const udnController = controller<undefined>({
  name: 'ovnk-udn-controller',
  delayMs: 0,
  watches: [
    { kind: CUDN, keys: (e) => [`${CUDN}:${e.key}`] },
    { kind: UDN, keys: (e) => [`${UDN}:${e.key}`] },
    { kind: 'Namespace', keys: (_e, view) => view.list(CUDN).map((c) => `${CUDN}:${c.metadata.name}`) },
    { kind: 'Node', keys: (_e, view) => allOwnerKeys(view) },
    { kind: 'NetworkAttachmentDefinition', keys: (e, view) => (e.type === 'ADDED' ? [] : allOwnerKeys(view)) },
  ],
  initialState: () => undefined,
  reconcile: (key, view, ctx) => reconcileNetwork(key, view, ctx.cluster, isoAt(ctx.cluster.epochMs, ctx.nowMs)),
});

function allOwnerKeys(view: StoreView): string[] {
  return [
    ...view.list(CUDN).map((c) => `${CUDN}:${c.metadata.name}`),
    ...view.list(UDN).map((u) => `${UDN}:${u.metadata.namespace}/${u.metadata.name}`),
  ];
}

function reconcileNetwork(key: string, view: StoreView, cluster: ClusterConfig, nowIso: string): ReconcileResult {
  const [kind, objectKey] = [key.slice(0, key.indexOf(':')), key.slice(key.indexOf(':') + 1)];
  const found = view.get<Owner>(kind, objectKey);
  if (!found) return {};
  // syncUserDefinedNetwork / syncClusterUDN add the finalizer first, in an update of its own, even
  // when the network is refused later; the status update that follows carries it too.
  const owner = withFinalizer(found);
  const writes: Write[] = owner === found ? [] : [{ op: 'update', object: owner }];
  const spec = networkSpecOf(owner);
  const networkName = networkNameFor(owner);
  const namespaces = targetNamespaces(owner, view);
  const layer = spec.topology === 'Layer3' ? spec.layer3 : spec.layer2;
  const primary = layer?.role === 'Primary';
  const subnets = spec.topology === 'Layer3' ? (spec.layer3?.subnets ?? []).map((s) => s.cidr) : (spec.layer2?.subnets ?? []);
  const joins = layer?.joinSubnets ?? (primary ? PRIMARY_UDN_JOIN_SUBNETS.slice(0, 1) : []);
  const errors: string[] = [];
  const overlap = checkSubnetOverlap(cluster, subnets, joins) ?? hostSubnetError(spec);
  if (overlap) errors.push(overlap);
  const created: string[] = [];
  for (const ns of overlap ? [] : namespaces) {
    const refusal = primary ? primaryRefusal(view, ns, owner) : undefined;
    if (refusal) {
      errors.push(refusal);
      continue;
    }
    const nadKey = `${ns.metadata.name}/${owner.metadata.name}`;
    const desired = renderNad(owner, ns.metadata.name, renderNadConfig(networkName, nadKey, spec));
    const current = view.get<NetworkAttachmentDefinition>('NetworkAttachmentDefinition', nadKey);
    if (!current) writes.push({ op: 'create', object: desired });
    else if (current.spec.config !== desired.spec.config) writes.push({ op: 'update', object: { ...current, spec: desired.spec } });
    created.push(ns.metadata.name);
  }
  writes.push(...staleNads(view, owner, new Set(created)));
  // Allocation is reported only for a network that has a NAD somewhere (nothing to allocate otherwise).
  const conditions = [createdCondition(owner, created, errors, nowIso), ...(created.length ? [allocationCondition(view, networkName, spec.topology, nowIso)] : [])];
  const status = owner.status as { conditions?: Condition[] } | undefined;
  if (!sameConditions(status?.conditions, conditions)) writes.push({ op: 'update', object: { ...owner, status: { conditions } } });
  return { writes };
}

/** W-2.1: what the allocator refuses (an IPv6 host subnet other than /64; a host subnet not longer than the CIDR). */
function hostSubnetError(spec: NetworkSpec): string | undefined {
  if (spec.topology !== 'Layer3') return undefined;
  try {
    new HostSubnetAllocator((spec.layer3?.subnets ?? []).map((s) => ({ cidr: s.cidr, ...(s.hostSubnet ? { hostSubnetLength: s.hostSubnet } : {}) })));
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

/** The (C)UDN with OVN-K's finalizer appended (controllerutil.AddFinalizer), or itself when it has it.
 * Nothing in a scenario deletes a (C)UDN, so what the finalizer holds back on delete is not modelled. */
function withFinalizer(owner: Owner): Owner {
  const finalizers = owner.metadata.finalizers ?? [];
  if (finalizers.includes(UDN_FINALIZER)) return owner;
  return { ...owner, metadata: { ...owner.metadata, finalizers: [...finalizers, UDN_FINALIZER] } };
}

function targetNamespaces(owner: Owner, view: StoreView): Namespace[] {
  if (owner.kind === UDN) {
    const ns = view.get<Namespace>('Namespace', owner.metadata.namespace ?? 'default');
    return ns ? [ns] : [];
  }
  return view
    .list<Namespace>('Namespace')
    .filter((ns) => labelSelectorMatches(owner.spec.namespaceSelector, ns.metadata.labels))
    .sort((a, b) => a.metadata.name.localeCompare(b.metadata.name));
}

/** W-2.2: the label must be there, and a namespace has at most one primary network. */
function primaryRefusal(view: StoreView, ns: Namespace, owner: Owner): string | undefined {
  const name = ns.metadata.name;
  if (ns.metadata.labels?.[PRIMARY_UDN_LABEL] === undefined) {
    return `invalid primary network state for namespace "${name}": a valid primary user defined network or network attachment definition custom resource, and required namespace label "${PRIMARY_UDN_LABEL}" must both be present`;
  }
  const other = view
    .list<NetworkAttachmentDefinition>('NetworkAttachmentDefinition', name)
    .filter((nad) => nad.metadata.ownerReferences?.[0]?.uid !== owner.metadata.uid)
    .find((nad) => networkOfNad(nad)?.role === 'primary');
  return other ? `primary network already exist in namespace "${name}": "${other.metadata.name}"` : undefined;
}

function renderNad(owner: Owner, namespace: string, config: string): NetworkAttachmentDefinition {
  return {
    apiVersion: 'k8s.cni.cncf.io/v1',
    kind: 'NetworkAttachmentDefinition',
    metadata: {
      name: owner.metadata.name,
      namespace,
      labels: { ...(owner.metadata.labels ?? {}), [UDN_NAD_LABEL]: '' },
      finalizers: [UDN_FINALIZER],
      ownerReferences: [controllerRef(owner)],
    },
    spec: { config },
  };
}

function staleNads(view: StoreView, owner: Owner, keep: Set<string>): Write[] {
  return view
    .list<NetworkAttachmentDefinition>('NetworkAttachmentDefinition')
    .filter((nad) => nad.metadata.ownerReferences?.some((r) => r.uid === owner.metadata.uid) && !keep.has(nad.metadata.namespace ?? ''))
    .map((nad) => ({ op: 'delete' as const, kind: 'NetworkAttachmentDefinition', key: `${nad.metadata.namespace}/${nad.metadata.name}` }));
}

function createdCondition(owner: Owner, created: string[], errors: string[], nowIso: string): Condition {
  if (errors.length > 0) {
    const reason = owner.kind === CUDN ? 'NetworkAttachmentDefinitionSyncError' : 'SyncError';
    return { type: 'NetworkCreated', status: 'False', reason, message: errors.join('\n'), lastTransitionTime: nowIso };
  }
  const message =
    owner.kind === CUDN
      ? `NetworkAttachmentDefinition has been created in following namespaces: [${created.join(', ')}]`
      : 'NetworkAttachmentDefinition has been created';
  return { type: 'NetworkCreated', status: 'True', reason: 'NetworkAttachmentDefinitionCreated', message, lastTransitionTime: nowIso };
}

/** W-2.3: True once every node holds a host subnet of a Layer3 network; Layer2 needs none. */
function allocationCondition(view: StoreView, networkName: string, topology: string, nowIso: string): Condition {
  const nodes = view.list<Node>('Node').sort((a, b) => a.metadata.name.localeCompare(b.metadata.name));
  const failed = topology !== 'Layer3' ? undefined : nodes.find((n) => !nodeHasSubnet(n, networkName));
  if (failed) {
    return {
      type: 'NetworkAllocationSucceeded',
      status: 'False',
      reason: 'InternalError',
      message: `Network allocation failed for at least one node: ${failed.metadata.name}, check UDN events for more info.`,
      lastTransitionTime: nowIso,
    };
  }
  return {
    type: 'NetworkAllocationSucceeded',
    status: 'True',
    reason: 'NetworkAllocationSucceeded',
    message: 'Network allocation succeeded for all synced nodes.',
    lastTransitionTime: nowIso,
  };
}

function nodeHasSubnet(node: Node, networkName: string): boolean {
  return (nodeSubnets(node)[networkName]?.length ?? 0) > 0;
}

function sameConditions(a: Condition[] | undefined, b: Condition[]): boolean {
  if (!a || a.length !== b.length) return false;
  return a.every((c, i) => c.type === b[i]!.type && c.status === b[i]!.status && c.reason === b[i]!.reason && c.message === b[i]!.message);
}
