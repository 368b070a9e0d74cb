// Explaining a Service port whose named targetPort a pod does not declare (W-3.1): the EndpointSlice
// controller leaves the port out of that pod's slice (getEndpointPorts, kubernetes
// staging/src/k8s.io/endpointslice/utils.go), so whoever reads the slices by port name skips the pod.
import type { StoreView } from '../store-view.js';
import { findPort, targetPortOf } from './find-port.js';
import type { EndpointSlice, Pod, ServicePort } from './types.js';

/** The pods listed in these slices under no port of this Service port's name because its named
 * target does not resolve for them, sorted by name. */
export function podsWithoutTargetPort(view: StoreView, slices: readonly EndpointSlice[], servicePort: ServicePort): Pod[] {
  if (typeof targetPortOf(servicePort) !== 'string') return [];
  const name = servicePort.name ?? '';
  const pods = new Map<string, Pod>();
  for (const slice of slices) {
    if ((slice.ports ?? []).some((p) => (p.name ?? '') === name)) continue;
    for (const endpoint of slice.endpoints ?? []) {
      const ref = endpoint.targetRef;
      if (ref?.kind !== 'Pod') continue;
      const pod = view.get<Pod>('Pod', `${ref.namespace ?? slice.metadata.namespace}/${ref.name}`);
      if (pod && findPort(pod, servicePort) === undefined) pods.set(pod.metadata.name, pod);
    }
  }
  return [...pods.keys()].sort().map((key) => pods.get(key)!);
}

/** `8080/TCP "web", 9090/TCP`: what the pod's containers declare. */
export function describeContainerPorts(pod: Pod): string {
  const ports = pod.spec.containers.flatMap((c) => c.ports ?? []);
  if (ports.length === 0) return 'none';
  return ports.map((p) => `${p.containerPort}/${p.protocol ?? 'TCP'}${p.name !== undefined ? ` "${p.name}"` : ''}`).join(', ');
}

/**
 * The why-line: which Service port names which target, which pods declare no such port (their
 * containerPorts) and, in `outcome`, what that leaves the caller with on this path — told whether
 * it speaks of one pod or several.
 */
export function unresolvedTargetPortLine(serviceName: string, servicePort: ServicePort, pods: readonly Pod[], outcome: (plural: boolean) => string): string {
  const names = pods.map((p) => p.metadata.name);
  const listed = names.length <= 3 ? joinNames(names) : `${names.slice(0, 3).join(', ')} and ${names.length - 3} more`;
  const first = pods[0]!;
  const declared = pods.length === 1 ? `its containerPorts: ${describeContainerPorts(first)}` : `${first.metadata.name}'s containerPorts: ${describeContainerPorts(first)}`;
  const protocol = servicePort.protocol ?? 'TCP';
  const target = `"${targetPortOf(servicePort)}"${protocol === 'TCP' ? '' : ` (${protocol})`}`;
  return `${serviceName}'s Service port ${servicePort.port} targets the named port ${target}, which no container of ${listed} declares (${declared}); ${outcome(pods.length > 1)}`;
}

function joinNames(names: readonly string[]): string {
  return names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}
