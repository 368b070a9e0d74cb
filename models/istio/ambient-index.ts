// istiod's ambient index (W-5.4): every non-terminal pod with an IP → a workload whose addresses
// come from the configured address source (W-5.2); every Service → a ztunnel service with endpoints.
// The per-pod and per-Service computation is pod-workload.ts; this file keeps it up to date.
import type { LogRecord } from '../controller.js';
import { hasStatusPodIp, isPodTerminal } from '../kube/pods.js';
import type { Pod, Service } from '../kube/types.js';
import type { StoreView } from '../store-view.js';
import { objectKey } from '../store-view.js';
import { ADDRESS_SOURCES, type AddressSourceName } from './address-sources/index.js';
import { computeWorkload, toService, type AmbientIndexSettings, type Computed, type ServicePorts, type ServicesByLabels } from './pod-workload.js';
import type { AmbientSnapshot, DroppedPod, ZtunnelService, ZtunnelWorkload } from './workload-types.js';

export { podWorkloadUid, provenanceOf, type AmbientIndexSettings } from './pod-workload.js';

/** One full rebuild (the address-source benchmarks, tests): a fresh index brought up to date once. */
export function buildAmbientSnapshot(view: StoreView, settings: AmbientIndexSettings): { snapshot: AmbientSnapshot; logs: LogRecord[] } {
  return new AmbientIndex().update(view, settings);
}

/** What the snapshot's services are built from, recomputed only when a Service was written. */
interface ServiceView {
  revision: number;
  services: Service[];
  byNamespace: Map<string, Service[]>;
  withoutSelector: boolean;
  /** Namespaces with a Service (not ExternalName) without a selector: their pods' workloads read slices. */
  withoutSelectorIn: Set<string>;
  /** Namespaces with a Service of any type without a selector: only there can slices add a Service. */
  selectorless: Set<string>;
  /** Per Service object, its ztunnel key and, when no targetPort is named, its port map. */
  ports: Map<Service, ServicePorts>;
  /** Per pod labels object (a ReplicaSet's pods share one), the Services selecting them with their
   * ports and sorted names, when nothing in them depends on the pod itself (see podServicePorts). */
  byLabels: ServicesByLabels;
}


/**
 * istiod's ambient index kept between pushes, as krt keeps its collections: a push recomputes the
 * workloads of the pods written since the last one (the store's informer deltas) and patches the
 * sorted workload list and the endpoints of the Services they belong to, instead of rebuilding
 * 50 000 workloads. It starts over when the settings, a Service or (for sources and Services that
 * read them) an EndpointSlice changed. Every snapshot it returns is a new value: earlier pushes,
 * still held by lagging ztunnels, never change.
 */
export class AmbientIndex {
  private inputsKey = '';
  private podRevision = -1;
  private serviceView: ServiceView | undefined;
  private entries = new Map<string, Computed>();
  /** Per ztunnel service key, its healthy member workloads and their target ports. */
  private members = new Map<string, Map<string, Record<string, number>>>();
  private droppedByPod = new Map<string, DroppedPod>();
  private snapshot: AmbientSnapshot | undefined;
  /** Where each service key sits in `snapshot.services`. */
  private serviceSlots = new Map<string, number>();

  update(view: StoreView, settings: AmbientIndexSettings): { snapshot: AmbientSnapshot; logs: LogRecord[] } {
    const services = this.servicesOf(view);
    const slicesMatter = settings.addressSource === 'mirrored-slice-first' || services.withoutSelector;
    const revisions = `${settings.addressSource}|${settings.serviceLabel}|${settings.clusterDomain}|${services.revision}`;
    const inputsKey = slicesMatter ? `${revisions}|${view.revision('EndpointSlice')}` : revisions;
    const podRevision = view.revision('Pod');
    const delta = this.snapshot && inputsKey === this.inputsKey ? view.changedSince('Pod', this.podRevision) : undefined;
    const full = delta === undefined;
    const previous = full ? undefined : this.snapshot;
    // A full pass still reuses each workload whose pod and inputs are unchanged.
    const memo = this.entries;
    if (full) {
      services.ports.clear(); // keyed by the cluster domain too
      services.byLabels = new WeakMap();
      this.entries = new Map();
      this.members = new Map();
      this.droppedByPod = new Map();
    }
    this.inputsKey = inputsKey;
    this.podRevision = podRevision;
    // The pods to recompute: all of them, or those written since the last push (each once, with
    // what is stored now: no lookup by key).
    const pods = full ? view.list<Pod>('Pod') : undefined;
    const count = pods ? pods.length : delta!.length;
    const source = ADDRESS_SOURCES[settings.addressSource];
    const context = { revisions, sliceRevision: `|${view.revision('EndpointSlice')}` };
    const logs: LogRecord[] = [];
    /** Workloads of the previous snapshot that are replaced or gone. */
    const replaced = new Set<ZtunnelWorkload>();
    const changedWorkloads: ZtunnelWorkload[] = [];
    const dirtyServices = new Set<string>();
    let droppedChanged = full;
    for (let i = 0; i < count; i++) {
      let key: string;
      let pod: Pod | undefined;
      if (pods) {
        pod = pods[i]!;
        key = objectKey(pod);
      } else {
        const changed = delta![i]!;
        key = changed.key;
        pod = changed.live ? (changed.object as Pod) : undefined;
      }
      const before = this.entries.get(key);
      const after = pod ? this.entryOf(pod, full ? memo.get(key) : before, view, settings, services, source, context) : undefined;
      if (after === before) continue;
      if (after) this.entries.set(key, after);
      else this.entries.delete(key);
      if (after?.log) logs.push(after.log);
      if (before?.dropped || after?.dropped) {
        droppedChanged = true;
        if (after?.dropped) this.droppedByPod.set(key, after.dropped);
        else this.droppedByPod.delete(key);
      }
      if (before?.workload) {
        replaced.add(before.workload);
        if (before.workload.status === 'Healthy') this.leave(before.workload.uid, before.ports!, dirtyServices);
      }
      if (after?.workload) {
        changedWorkloads.push(after.workload);
        if (after.workload.status === 'Healthy') this.join(after.workload.uid, after.ports!, dirtyServices);
      }
    }
    const workloadsChanged = replaced.size > 0 || changedWorkloads.length > 0;
    if (previous && !workloadsChanged && dirtyServices.size === 0 && !droppedChanged) return { snapshot: previous, logs };
    const snapshot: AmbientSnapshot = {
      workloads: previous && !workloadsChanged ? previous.workloads : mergeByUid(previous?.workloads ?? [], replaced, changedWorkloads),
      services: full ? this.allServices(services.services, settings.clusterDomain) : this.patchServices(previous!.services, dirtyServices),
      dropped: !previous || droppedChanged ? [...this.droppedByPod.values()].sort((a, b) => (a.pod < b.pod ? -1 : a.pod > b.pod ? 1 : 0)) : previous!.dropped,
      addressSource: settings.addressSource,
      serviceLabel: settings.serviceLabel,
    };
    this.snapshot = snapshot;
    return { snapshot, logs };
  }

  private servicesOf(view: StoreView): ServiceView {
    const revision = view.revision('Service');
    if (this.serviceView?.revision === revision) return this.serviceView;
    const all = view.list<Service>('Service');
    const services = all.filter((s) => s.spec.type !== 'ExternalName');
    const selectorless = new Set(all.filter((s) => !s.spec.selector).map((s) => s.metadata.namespace ?? 'default'));
    const byNamespace = new Map<string, Service[]>();
    for (const service of services) {
      const ns = service.metadata.namespace ?? 'default';
      const list = byNamespace.get(ns);
      if (list) list.push(service);
      else byNamespace.set(ns, [service]);
    }
    const withoutSelectorIn = new Set(services.filter((s) => !s.spec.selector).map((s) => s.metadata.namespace ?? 'default'));
    return (this.serviceView = { revision, services, byNamespace, withoutSelector: withoutSelectorIn.size > 0, withoutSelectorIn, selectorless, ports: new Map(), byLabels: new WeakMap() });
  }

  /** The pod's workload (or why it has none); undefined for a pod istiod does not index. */
  private entryOf(
    pod: Pod, memo: Computed | undefined, view: StoreView, settings: AmbientIndexSettings, services: ServiceView, source: (typeof ADDRESS_SOURCES)[AddressSourceName],
    context: { revisions: string; sliceRevision: string },
  ): Computed | undefined {
    if (isPodTerminal(pod) || !hasStatusPodIp(pod)) return undefined;
    const ns = pod.metadata.namespace ?? 'default';
    const nsServices = services.byNamespace.get(ns) ?? NO_SERVICES;
    // Like krt, a pod's workload is recomputed only when one of its inputs changed: the pod
    // object, the Services, and — for the slice-reading source or selector-less Services — the slices.
    const readsSlices = settings.addressSource === 'mirrored-slice-first' || services.withoutSelectorIn.has(ns);
    const inputs = readsSlices ? context.revisions + context.sliceRevision : context.revisions;
    if (memo?.pod === pod && memo.inputs === inputs) return memo;
    // The Services a pod belongs to and its target ports depend on its labels and containers (and,
    // for selector-less Services, on slices: then they are always recomputed): a status write keeps them.
    const samePorts = memo?.ports !== undefined && memo.workload !== undefined && memo.inputs === inputs && !readsSlices && memo.pod.metadata.labels === pod.metadata.labels && memo.pod.spec === pod.spec;
    const known = samePorts ? { ports: memo.ports!, names: memo.workload!.services ?? [] } : undefined;
    // The memo is the same key's, whose namespace and name make the uid: its workload's uid is reused.
    return computeWorkload(pod, ns, nsServices, services.ports, services.byLabels, services.selectorless.has(ns), view, settings, source, inputs, known, memo?.workload?.uid);
  }

  private join(uid: string, ports: Map<string, Record<string, number>>, dirty: Set<string>): void {
    for (const [serviceKey, port] of ports) {
      let members = this.members.get(serviceKey);
      if (!members) this.members.set(serviceKey, (members = new Map()));
      members.set(uid, port);
      dirty.add(serviceKey);
    }
  }

  private leave(uid: string, ports: Map<string, Record<string, number>>, dirty: Set<string>): void {
    for (const serviceKey of ports.keys()) {
      const members = this.members.get(serviceKey);
      members?.delete(uid);
      if (members?.size === 0) this.members.delete(serviceKey);
      dirty.add(serviceKey);
    }
  }

  /** ztunnel stores only healthy endpoints (W-5.5), keyed by workload uid in uid order. */
  private endpointsOf(serviceKey: string): ZtunnelService['endpoints'] {
    const members = this.members.get(serviceKey);
    // Keyed by workload uid, a key no other object has: an object without a prototype is a plain
    // hash table in V8 from the start, instead of a new hidden class for every key added (≈ 3× faster).
    const endpoints: ZtunnelService['endpoints'] = Object.create(null) as ZtunnelService['endpoints'];
    if (!members) return endpoints;
    for (const uid of [...members.keys()].sort()) endpoints[uid] = { workloadUid: uid, port: members.get(uid)!, status: 'Healthy' };
    return endpoints;
  }

  private allServices(services: Service[], domain: string): ZtunnelService[] {
    const built = services.map((s) => toService(s, domain, (key) => this.endpointsOf(key)));
    built.sort((a, b) => (a.hostname < b.hostname ? -1 : a.hostname > b.hostname ? 1 : 0));
    this.serviceSlots = new Map(built.map((s, i) => [`${s.namespace}/${s.hostname}`, i]));
    return built;
  }

  private patchServices(previous: ZtunnelService[], dirty: Set<string>): ZtunnelService[] {
    let next: ZtunnelService[] | undefined;
    for (const key of dirty) {
      const slot = this.serviceSlots.get(key);
      if (slot === undefined) continue;
      next ??= [...previous];
      next[slot] = { ...previous[slot]!, endpoints: this.endpointsOf(key) };
    }
    return next ?? previous;
  }
}

const NO_SERVICES: Service[] = [];

/** The previous uid-sorted list without the replaced workloads, with the updates in uid order. A
 * few changes are placed by binary search in a copy (a push after one pod update stays cheap at
 * 50 000 workloads); many are merged in one pass. */
function mergeByUid(previous: readonly ZtunnelWorkload[], replaced: Set<ZtunnelWorkload>, updates: ZtunnelWorkload[]): ZtunnelWorkload[] {
  const byUid = (a: ZtunnelWorkload, b: ZtunnelWorkload) => (a.uid < b.uid ? -1 : a.uid > b.uid ? 1 : 0);
  const added = [...updates].sort(byUid);
  if (replaced.size + added.length <= 64) {
    const next = previous.slice();
    for (const workload of replaced) {
      const at = lowerBound(next, workload.uid);
      if (next[at] === workload) next.splice(at, 1);
    }
    for (const workload of added) next.splice(lowerBound(next, workload.uid), 0, workload);
    return next;
  }
  const merged: ZtunnelWorkload[] = [];
  let j = 0;
  for (const workload of previous) {
    if (replaced.has(workload)) continue;
    while (j < added.length && added[j]!.uid < workload.uid) merged.push(added[j++]!);
    merged.push(workload);
  }
  while (j < added.length) merged.push(added[j++]!);
  return merged;
}

/** The first index whose workload's uid is not below `uid`. */
function lowerBound(sorted: readonly ZtunnelWorkload[], uid: string): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (sorted[mid]!.uid < uid) low = mid + 1;
    else high = mid;
  }
  return low;
}
