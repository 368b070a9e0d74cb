// kubelet (W-1.5, W-7): sandbox set-up through the CNI chain (≈300 ms), containers start, Ready
// ≈1 500 ms later; status.podIP(s) is the default-network address, containerStatuses and qosClass
// as kubelet reports them, its container events and the CNI plugins'; graceful deletion.
import { controller, NO_KEYS } from '../controller.js';
import type { ReconcileResult, Write } from '../controller.js';
import type { ClusterConfig, Timing } from '../cluster-config.js';
import type { StoreView } from '../store-view.js';
import type { CniEvent, CniPlugin } from './cni.js';
import { readyStatuses, startContainers, type NodeImages } from './container-start.js';
import { condition, sharedCondition } from './pods.js';
import { recordEvent } from './events.js';
import { fnv32a } from './names.js';
import { podQosClass } from './qos.js';
import { isoAt, msSinceEpoch } from './time.js';
import type { Condition, Container, Node, Pod, PodQosClass } from './types.js';

type KubeletTiming = Pick<Timing, 'sandboxMs' | 'readyAfterStartMs'>;

/** What the kubelets keep between pods: each node's images (the container runtime's store); a
 * node starts with none. */
export interface KubeletState {
  imagesByNode: Map<string, NodeImages>;
}

export function createKubelet(plugins: readonly CniPlugin[], timing: KubeletTiming) {
  return controller<KubeletState>({
    name: 'kubelet',
    delayMs: 0,
    watches: [
      {
        kind: 'Pod',
        keys: (e) => (e.type !== 'DELETED' && kubeletHasWork(e.object as Pod) && !(timing.readyAfterStartMs > 0 && isOwnStart(e.object as Pod, e.old as Pod | undefined)) ? [e.key] : NO_KEYS),
        // Until its sandbox is due, a look at a bound pod would only requeue it for then.
        dueInMs: (e, ctx) => {
          const pod = e.object as Pod;
          if (pod.metadata.deletionTimestamp || pod.status?.phase === 'Running') return 0;
          return sandboxDueMs(pod, ctx.cluster, timing) - ctx.nowMs;
        },
      },
    ],
    initialState: () => ({ imagesByNode: new Map() }),
    reconcile: (key, view, ctx) => {
      const pod = view.get<Pod>('Pod', key);
      if (!pod?.spec.nodeName) return {};
      const at = (ms: number) => isoAt(ctx.cluster.epochMs, ms);
      if (pod.metadata.deletionTimestamp) return finishDeletion(pod, key, ctx.nowMs, ctx.cluster);
      if (pod.status?.phase === 'Running') return markReady(pod, view, plugins, ctx.nowMs, ctx.cluster, timing, at);
      return startPod(pod, view, plugins, ctx.nowMs, ctx.cluster, timing, at, nodeImages(ctx.state, pod.spec.nodeName));
    },
  });
}

/** A bound pod that is not yet Ready, or is being deleted; a Ready pod's updates need nothing of kubelet. */
function kubeletHasWork(pod: Pod): boolean {
  return pod.spec.nodeName !== undefined && (pod.metadata.deletionTimestamp !== undefined || condition(pod, 'Ready')?.status !== 'True');
}

/** kubelet's own start write (the pod just turned Running): the requeue it asked for, readyAfterStartMs
 * on, is its next look at the pod; with no delay the write itself must wake it. */
function isOwnStart(pod: Pod, old: Pod | undefined): boolean {
  return old !== undefined && old.status?.phase !== 'Running' && pod.status?.phase === 'Running';
}

/** When the sandbox of a bound pod is set up: sandboxMs after PodScheduled as written (whole seconds). */
function sandboxDueMs(pod: Pod, cluster: ClusterConfig, timing: KubeletTiming): number {
  return msSinceEpoch(cluster.epochMs, condition(pod, 'PodScheduled')?.lastTransitionTime) + timing.sandboxMs;
}

function startPod(
  pod: Pod, view: StoreView, plugins: readonly CniPlugin[], nowMs: number, cluster: ClusterConfig, timing: KubeletTiming, at: (ms: number) => string, images: NodeImages,
): ReconcileResult {
  const dueMs = sandboxDueMs(pod, cluster, timing);
  if (nowMs < dueMs) return { requeueAfterMs: dueMs - nowMs };
  const node = view.get<Node>('Node', pod.spec.nodeName!);
  const hostIp = node === undefined ? undefined : internalIp(node);
  let podIps = pod.spec.hostNetwork && hostIp ? [hostIp] : [];
  // Each plugin sees the annotations the ones before it added (the pod itself until one does); the
  // pod it sees is made when a plugin is about to look, not after each plugin that added some.
  let annotations = pod.metadata.annotations ?? {};
  let seen = pod;
  let seenIsStale = false;
  let cniEvents: CniEvent[] | undefined;
  if (!pod.spec.hostNetwork) {
    for (const plugin of plugins) {
      if (seenIsStale) {
        seen = { ...pod, metadata: { ...pod.metadata, annotations } };
        seenIsStale = false;
      }
      const result = plugin.setUp(seen, view, cluster);
      if (!result.ok) return sandboxFailure(pod, view, result.reason, dueMs, nowMs, cluster, at);
      if (result.podIps) podIps = result.podIps;
      if (result.annotations) {
        // Object.assign rather than a spread: adding keys to a spread copy is V8's slow path.
        annotations = Object.assign({}, annotations, result.annotations);
        seenIsStale = true;
      }
      if (result.events) cniEvents = cniEvents === undefined ? result.events : [...cniEvents, ...result.events];
    }
  }
  const nowIso = at(nowMs);
  const conditions = startedConditions(pod.status?.conditions ?? [], nowIso);
  const startTime = nowIso;
  const started = startContainers(pod, images, startTime);
  const qosClass = qosClassOf(pod);
  let status: NonNullable<Pod['status']>;
  if (hostIp && podIps.length) {
    // The usual case as one literal: its fields all live in the object (keys added one by one spill);
    // initContainerStatuses is undefined for a pod without init containers (no output shows it).
    status = {
      phase: 'Running', conditions, hostIP: hostIp, podIP: podIps[0], podIPs: podIps.map((ip) => ({ ip })), startTime,
      initContainerStatuses: started.initContainerStatuses, containerStatuses: started.containerStatuses, qosClass,
    };
  } else {
    status = { phase: 'Running', conditions };
    if (hostIp) status.hostIP = hostIp;
    if (podIps.length) {
      status.podIP = podIps[0];
      status.podIPs = podIps.map((ip) => ({ ip }));
    }
    status.startTime = startTime;
    if (started.initContainerStatuses) status.initContainerStatuses = started.initContainerStatuses;
    status.containerStatuses = started.containerStatuses;
    status.qosClass = qosClass;
  }
  const object = { ...pod, metadata: { ...pod.metadata, annotations } };
  object.status = status;
  // In the order they happen: the plugins' events during the sandbox's set-up, kubelet's as it
  // starts each container, then its status write. The events name the pod as kubelet read it.
  const writes: Write[] = [];
  for (const event of cniEvents ?? []) writes.push(recordEvent(view, { involved: pod, ...event, nowIso }));
  const host = pod.spec.nodeName!;
  for (const event of started.events) writes.push(recordEvent(view, { involved: pod, ...event, component: 'kubelet', host, nowIso }));
  writes.push({ op: 'update', object });
  const result: ReconcileResult = { writes };
  // With no delay the status write itself wakes kubelet again to mark the pod Ready (isOwnStart).
  // Ready is due readyAfterStartMs after status.startTime as written (whole seconds), as markReady reckons it.
  if (timing.readyAfterStartMs > 0) result.requeueAfterMs = Math.max(1, msSinceEpoch(cluster.epochMs, status.startTime) + timing.readyAfterStartMs - nowMs);
  return result;
}

function nodeImages(state: KubeletState, nodeName: string): NodeImages {
  let images = state.imagesByNode.get(nodeName);
  if (images === undefined) state.imagesByNode.set(nodeName, (images = new Set()));
  return images;
}

/** The pod's QoS class; a ReplicaSet's pods share their containers list, so it is computed once per list. */
function qosClassOf(pod: Pod): PodQosClass {
  if (pod.spec.initContainers !== undefined) return podQosClass(pod);
  let qos = qosByContainers.get(pod.spec.containers);
  if (qos === undefined) qosByContainers.set(pod.spec.containers, (qos = podQosClass(pod)));
  return qos;
}

const qosByContainers = new WeakMap<readonly Container[], PodQosClass>();

/** The node's InternalIP (status.hostIP), found once per stored version of the node. */
function internalIp(node: Node): string | undefined {
  if (!hostIps.has(node)) hostIps.set(node, node.status?.addresses?.find((a) => a.type === 'InternalIP')?.address);
  return hostIps.get(node);
}

const hostIps = new WeakMap<Node, string | undefined>();

/** CNI ADD blocks until its plugin gives up (OVN-K: 2 minutes without the pod annotation, W-2.2);
 * kubelet then reports FailedCreatePodSandBox and tries again. An unblocking pod update wakes it sooner. */
export const CNI_TIMEOUT_MS = 120_000;

function sandboxFailure(pod: Pod, view: StoreView, reason: string, startedMs: number, nowMs: number, cluster: ClusterConfig, at: (ms: number) => string): ReconcileResult {
  const elapsed = nowMs - startedMs;
  const attempt = Math.floor(elapsed / CNI_TIMEOUT_MS);
  if (attempt === 0) return { requeueAfterMs: CNI_TIMEOUT_MS - elapsed };
  const ns = pod.metadata.namespace ?? 'default';
  const name = pod.metadata.name;
  const sandbox = sandboxId(`${pod.metadata.uid ?? name}:${attempt}`);
  const network = cluster.multus ? 'multus-cni-network' : 'ovn-kubernetes';
  const plugin = cluster.multus ? ' plugin type="multus-shim" name="multus-cni-network" failed (add): CmdAdd (shim): CNI request failed with status 400:' : '';
  const message =
    `Failed to create pod sandbox: rpc error: code = Unknown desc = failed to create pod network sandbox k8s_${name}_${ns}_${pod.metadata.uid ?? ''}_0(${sandbox}): ` +
    `error adding pod ${ns}_${name} to CNI network "${network}":${plugin} '[${ns}/${name} ${sandbox}] ${reason}'`;
  const event = recordEvent(view, { involved: pod, type: 'Warning', reason: 'FailedCreatePodSandBox', message, component: 'kubelet', host: pod.spec.nodeName ?? '', nowIso: at(nowMs), aggregateByReason: true });
  return { writes: [event], requeueAfterMs: CNI_TIMEOUT_MS - (elapsed % CNI_TIMEOUT_MS) };
}

function sandboxId(seed: string): string {
  return Array.from({ length: 8 }, (_, i) => fnv32a(`${seed}#${i}`).toString(16).padStart(8, '0')).join('');
}

function markReady(
  pod: Pod, view: StoreView, plugins: readonly CniPlugin[], nowMs: number, cluster: ClusterConfig, timing: KubeletTiming, at: (ms: number) => string,
): ReconcileResult {
  if (condition(pod, 'Ready')?.status === 'True') return {};
  const readyMs = msSinceEpoch(cluster.epochMs, pod.status?.startTime) + timing.readyAfterStartMs;
  if (nowMs < readyMs) return { requeueAfterMs: readyMs - nowMs };
  const hasProbe = pod.spec.containers.some((c) => c.readinessProbe);
  if (hasProbe && plugins.some((p) => p.probesBlocked?.(pod, view))) return {};
  const conditions = derivedConditions(readyLists, pod.status?.conditions ?? [], at(nowMs), (before, nowIso) =>
    before.map((c) => (c.type === 'Ready' || c.type === 'ContainersReady' ? sharedCondition(c.type, 'True', nowIso) : c)),
  );
  // Ready together: the model's readiness is the pod's (ContainersReady), not a probe per container.
  const status = { ...pod.status, conditions, containerStatuses: readyStatuses(pod.status?.containerStatuses) };
  if (pod.spec.initContainers?.length) status.initContainerStatuses = readyStatuses(pod.status?.initContainerStatuses);
  return { writes: [{ op: 'update', object: { ...pod, status } }] };
}

/** A started pod's conditions: containers starting, and the PodScheduled it had. */
function startedConditions(before: readonly Condition[], nowIso: string): Condition[] {
  return derivedConditions(startLists, before, nowIso, (list, iso) => [
    sharedCondition('PodReadyToStartContainers', 'True', iso),
    sharedCondition('Initialized', 'True', iso),
    sharedCondition('Ready', 'False', iso, 'ContainersNotReady'),
    sharedCondition('ContainersReady', 'False', iso, 'ContainersNotReady'),
    ...list.filter((c) => c.type === 'PodScheduled'),
  ]);
}

type DerivedLists = WeakMap<readonly Condition[], { nowIso: string; conditions: Condition[] }>;
const startLists: DerivedLists = new WeakMap();
const readyLists: DerivedLists = new WeakMap();

/**
 * The condition list kubelet writes, made from the pod's list as it was: pods that had the same
 * (shared) list and are written in the same second get the same list, as they get the same condition
 * objects (sharedCondition). Not frozen: V8 searches a frozen array many times slower, and every
 * reader looks conditions up (lists are replaced, never edited, as the store's objects are).
 */
function derivedConditions(cache: DerivedLists, before: readonly Condition[], nowIso: string, derive: (before: readonly Condition[], nowIso: string) => Condition[]): Condition[] {
  const known = cache.get(before);
  if (known?.nowIso === nowIso) return known.conditions;
  const conditions = derive(before, nowIso);
  cache.set(before, { nowIso, conditions });
  return conditions;
}

function finishDeletion(pod: Pod, key: string, nowMs: number, cluster: ClusterConfig): ReconcileResult {
  const graceSeconds = typeof pod.spec['terminationGracePeriodSeconds'] === 'number' ? pod.spec['terminationGracePeriodSeconds'] : 30;
  const goneMs = msSinceEpoch(cluster.epochMs, pod.metadata.deletionTimestamp) + graceSeconds * 1000;
  if (nowMs < goneMs) return { requeueAfterMs: goneMs - nowMs };
  return { writes: [{ op: 'delete', kind: 'Pod', key }] };
}
