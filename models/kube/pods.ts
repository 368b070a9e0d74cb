// Small readers of Pod state shared by every model (W-1.5).
import type { Condition, Pod } from './types.js';

export function podKey(pod: Pod): string {
  return `${pod.metadata.namespace}/${pod.metadata.name}`;
}

export function condition(pod: Pod, type: string): Condition | undefined {
  return pod.status?.conditions?.find((c) => c.type === type);
}

export function isPodReady(pod: Pod): boolean {
  return condition(pod, 'Ready')?.status === 'True';
}

export function isPodTerminal(pod: Pod): boolean {
  return pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed';
}

export function isPodDeleting(pod: Pod): boolean {
  return pod.metadata.deletionTimestamp !== undefined;
}

/** `status.podIPs` in order, else `status.podIP` (what kubelet reports: the default-network address). */
export function statusPodIps(pod: Pod): string[] {
  const ips = pod.status?.podIPs?.map((p) => p.ip) ?? [];
  if (ips.length > 0) return ips;
  return pod.status?.podIP ? [pod.status.podIP] : [];
}

/** Whether statusPodIps would give any address, without building the list. */
export function hasStatusPodIp(pod: Pod): boolean {
  return Boolean(pod.status?.podIPs?.length || pod.status?.podIP);
}

export function podServiceAccount(pod: Pod): string {
  return pod.spec.serviceAccountName ?? pod.spec.serviceAccount ?? 'default';
}

/** The owning controller's reference, if any. */
export function controllerOf(pod: Pod): { kind: string; name: string } | undefined {
  const owner = pod.metadata.ownerReferences?.find((o) => o.controller) ?? pod.metadata.ownerReferences?.[0];
  return owner ? { kind: owner.kind, name: owner.name } : undefined;
}

/** The workload name as istiod and ztunnel derive it (Deployment name for a ReplicaSet-owned pod). */
export function workloadName(pod: Pod): string {
  const owner = controllerOf(pod);
  if (!owner) return pod.metadata.name;
  if (owner.kind === 'ReplicaSet') {
    const hash = pod.metadata.labels?.['pod-template-hash'];
    if (hash && owner.name.endsWith(`-${hash}`)) return owner.name.slice(0, -hash.length - 1);
  }
  return owner.name;
}

/**
 * A pod condition as kubelet and the scheduler write it, shared: every pod they write in the same
 * second gets the same frozen object (conditions are replaced, never edited), so 50 000 pods hold a
 * handful of condition objects instead of six each.
 */
export function sharedCondition(type: string, status: Condition['status'], lastTransitionTime: string, reason?: string): Condition {
  const key = `${type}|${status}|${reason ?? ''}|${lastTransitionTime}`;
  let shared = sharedConditions.get(key);
  if (shared === undefined) {
    if (sharedConditions.size >= 10_000) sharedConditions.clear();
    const made: Condition = reason === undefined ? { type, status, lastTransitionTime } : { type, status, reason, lastTransitionTime };
    sharedConditions.set(key, (shared = Object.freeze(made)));
  }
  return shared;
}

const sharedConditions = new Map<string, Condition>();
