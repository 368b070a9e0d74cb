// ztunnel's lookups into what istiod pushed (W-5.5): workloads by uid, by name, by address, and
// services by hostname and VIP — built once per push, as ztunnel's own state indexes them.
import type { AmbientSnapshot, ZtunnelService, ZtunnelWorkload } from './workload-types.js';

export interface SnapshotIndex {
  byUid: Map<string, ZtunnelWorkload>;
  /** `namespace/name`. */
  byName: Map<string, ZtunnelWorkload>;
  /** Standard (not host-network) workloads by each of their addresses; first one wins. */
  byIp: Map<string, ZtunnelWorkload>;
  byHostname: Map<string, ZtunnelService>;
  byVip: Map<string, ZtunnelService>;
}

const cache = new WeakMap<AmbientSnapshot, SnapshotIndex>();

export function indexSnapshot(snapshot: AmbientSnapshot): SnapshotIndex {
  const hit = cache.get(snapshot);
  if (hit) return hit;
  const index: SnapshotIndex = { byUid: new Map(), byName: new Map(), byIp: new Map(), byHostname: new Map(), byVip: new Map() };
  for (const workload of snapshot.workloads) {
    index.byUid.set(workload.uid, workload);
    index.byName.set(`${workload.namespace}/${workload.name}`, workload);
    if (workload.networkMode !== 'Standard') continue;
    for (const ip of workload.workloadIps) if (!index.byIp.has(ip)) index.byIp.set(ip, workload);
  }
  for (const service of snapshot.services) {
    index.byHostname.set(service.hostname, service);
    for (const vip of service.vips) index.byVip.set(vip.slice(vip.indexOf('/') + 1), service);
  }
  cache.set(snapshot, index);
  return index;
}
