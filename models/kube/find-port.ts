// A Service port's target on one pod (W-3.1), as kubernetes' FindPort does it
// (staging/src/k8s.io/endpointslice/utils.go, formerly pkg/api/v1/pod): a number is used as it is, a
// name is looked up in the pod's containers' ports (then its restartable init containers').
import type { Container, Pod, ServicePort } from './types.js';

/** The target port, or undefined when a named targetPort matches no containerPort of the pod. */
export function findPort(pod: Pod, port: ServicePort): number | undefined {
  const target = targetPortOf(port);
  if (typeof target === 'number') return target;
  const protocol = port.protocol ?? 'TCP';
  const found = namedContainerPort(pod.spec.containers, target, protocol);
  if (found !== undefined) return found;
  // Sidecar containers (init containers with restartPolicy Always) count too.
  const sidecars = (pod.spec.initContainers ?? []).filter((c) => c['restartPolicy'] === 'Always');
  return namedContainerPort(sidecars, target, protocol);
}

/** The API server defaults an unset, empty or 0 targetPort to the port itself (SetDefaults_Service). */
export function targetPortOf(port: ServicePort): number | string {
  const target = port.targetPort;
  return target === undefined || target === '' || target === 0 ? port.port : target;
}

/** Whether the Service port names its target, so that it resolves per pod. */
export function hasNamedTarget(port: ServicePort): boolean {
  return typeof targetPortOf(port) === 'string';
}

function namedContainerPort(containers: readonly Container[] | undefined, name: string, protocol: string): number | undefined {
  for (const container of containers ?? []) {
    for (const port of container.ports ?? []) {
      if (port.name === name && (port.protocol ?? 'TCP') === protocol) return port.containerPort;
    }
  }
  return undefined;
}
