// istiod's sidecar injection webhook (W-5.6): pods created in namespaces labelled
// `istio-injection=enabled` get the istio-proxy container and `sidecar.istio.io/status`. The API
// server calls the webhook on istiod's eth0 address, port 15017 (W-4): when istiod sits on a primary
// UDN without that port in `k8s.ovn.org/open-default-ports`, the call times out and, with the
// webhook's failurePolicy Fail, the pod is refused (R7).
import type { AdmissionHook } from '../controller.js';
import type { Container, Namespace, Pod } from '../kube/types.js';
import { activeNetwork } from '../ovnk/networks.js';
import { openDefaultPorts } from '../ovnk/open-ports.js';
import type { StoreView } from '../store-view.js';
import { currentIstio } from './istiod-controller.js';
import { readyIstiodPods } from './mesh-pods.js';
import { istiodDeploymentName } from './sail-operator.js';
import { SIDECAR_STATUS_ANNOTATION } from './types.js';

export const INJECTION_LABEL = 'istio-injection';
export const WEBHOOK_PORT = 15017;

export function wantsSidecar(pod: Pod, view: StoreView): boolean {
  if (pod.spec.hostNetwork || pod.metadata.annotations?.['sidecar.istio.io/inject'] === 'false') return false;
  if (pod.metadata.labels?.['sidecar.istio.io/inject'] === 'false') return false;
  const ns = view.get<Namespace>('Namespace', pod.metadata.namespace ?? 'default');
  return ns?.metadata.labels?.[INJECTION_LABEL] === 'enabled';
}

export function hasSidecar(pod: Pod): boolean {
  return pod.metadata.annotations?.[SIDECAR_STATUS_ANNOTATION] !== undefined;
}

/** Why the API server cannot reach the webhook, or undefined when it can. */
export function webhookUnreachable(view: StoreView): string | undefined {
  const istio = currentIstio(view);
  const ns = istio?.spec?.namespace ?? 'istio-system';
  const service = istio ? `${istiodDeploymentName(istio)}.${ns}.svc` : `istiod.${ns}.svc`;
  const call = `Internal error occurred: failed calling webhook "namespace.sidecar-injector.istio.io": failed to call webhook: Post "https://${service}:443/inject?timeout=10s"`;
  const istiod = readyIstiodPods(view)[0];
  if (!istiod) return `${call}: dial tcp: connect: connection refused`;
  const onUdn = activeNetwork(view, istiod.metadata.namespace ?? ns).kind === 'udn';
  const open = openDefaultPorts(istiod);
  if (onUdn && !(open?.ok && open.ports.some((p) => p.protocol === 'tcp' && p.port === WEBHOOK_PORT))) {
    return `${call}: context deadline exceeded`;
  }
  return undefined;
}

export const sidecarInjectionHook: AdmissionHook = (object, view) => {
  if (object.kind !== 'Pod') return { ok: true, object };
  const pod = object as Pod;
  if (hasSidecar(pod) || !wantsSidecar(pod, view)) return { ok: true, object };
  const refusal = webhookUnreachable(view);
  if (refusal) return { ok: false, message: refusal };
  const version = (currentIstio(view)?.spec?.version ?? 'v1.28.1').replace(/^v/, '');
  const proxy: Container = {
    name: 'istio-proxy',
    image: `gcr.io/istio-release/proxyv2:${version}`,
    args: ['proxy', 'sidecar'],
    ports: [{ containerPort: 15090, name: 'http-envoy-prom', protocol: 'TCP' }],
  };
  const status = JSON.stringify({ initContainers: ['istio-init'], containers: ['istio-proxy'], volumes: ['istio-envoy', 'istio-data', 'istio-podinfo', 'istio-token', 'istiod-ca-cert'], imagePullSecrets: null, revision: 'default' });
  const injected: Pod = {
    ...pod,
    metadata: { ...pod.metadata, annotations: { ...(pod.metadata.annotations ?? {}), [SIDECAR_STATUS_ANNOTATION]: status }, labels: { ...(pod.metadata.labels ?? {}), 'security.istio.io/tlsMode': 'istio', 'service.istio.io/canonical-name': pod.metadata.labels?.['app'] ?? pod.metadata.name } },
    spec: { ...pod.spec, containers: [...pod.spec.containers, proxy], initContainers: [...(pod.spec.initContainers ?? []), { name: 'istio-init', image: proxy.image }] },
  };
  return { ok: true, object: injected };
};
