// istiod's sidecar injector (W-5.6): pods in `istio-injection=enabled` namespaces get istio-proxy.
// The API server calls it at a ready endpoint of istiod's Service (OpenShift's aggregator routing,
// apiserver util/proxy ResolveEndpoint), istiod's eth0 :15017, dropped on a primary UDN unless
// open-default-ports opens it (W-4 R7); a failed call refuses the pod (failurePolicy Fail).
import type { AdmissionHook } from '../controller.js';
import { ENDPOINTSLICE_CONTROLLER, MANAGED_BY_LABEL, SLICE_SERVICE_INDEX } from '../kube/endpointslice-controller.js';
import type { Container, Endpoint, EndpointSlice, Namespace, Pod, Service } from '../kube/types.js';
import { listenersOf } from '../net/apps.js';
import { activeNetwork } from '../ovnk/networks.js';
import { openDefaultPorts } from '../ovnk/open-ports.js';
import type { StoreView } from '../store-view.js';
import { currentIstio } from './istiod-controller.js';
import { istiodDeploymentName } from './sail-operator.js';
import { SIDECAR_STATUS_ANNOTATION } from './types.js';

export const INJECTION_LABEL = 'istio-injection';

export function wantsSidecar(pod: Pod, view: StoreView): boolean {
  if (pod.spec.hostNetwork || pod.metadata.annotations?.['sidecar.istio.io/inject'] === 'false') return false;
  if (pod.metadata.labels?.['sidecar.istio.io/inject'] === 'false') return false;
  const ns = view.get<Namespace>('Namespace', pod.metadata.namespace ?? 'default');
  return ns?.metadata.labels?.[INJECTION_LABEL] === 'enabled';
}

export function hasSidecar(pod: Pod): boolean {
  return pod.metadata.annotations?.[SIDECAR_STATUS_ANNOTATION] !== undefined;
}

export const WEBHOOK_NAME = 'namespace.sidecar-injector.istio.io';
/** The webhook's timeoutSeconds (Istio leaves the API's default, 10 s): the `?timeout=10s` of its URL. */
export const WEBHOOK_TIMEOUT_MS = 10_000;

/** What the API server's call to the webhook gives now: no webhook registered, an answer, or the
 * error the client sees and how long the call took to fail. */
export type WebhookCall = { kind: 'unregistered' } | { kind: 'answered' } | { kind: 'failed'; message: string; afterMs: number };

export function callWebhook(view: StoreView): WebhookCall {
  const istio = currentIstio(view);
  const ns = istio?.spec?.namespace ?? 'istio-system';
  const service = istio ? view.get<Service>('Service', `${ns}/${istiodDeploymentName(istio)}`) : undefined;
  if (!istio || !service) return { kind: 'unregistered' };
  const name = service.metadata.name;
  const post = `Post "https://${name}.${ns}.svc:443/inject?timeout=${WEBHOOK_TIMEOUT_MS / 1000}s"`;
  const failed = (error: string, afterMs = 0): WebhookCall => ({ kind: 'failed', message: `Internal error occurred: failed calling webhook "${WEBHOOK_NAME}": failed to call webhook: ${post}: ${error}`, afterMs });
  const port = (service.spec.ports ?? []).find((p) => p.port === 443);
  if (!port) return failed(`no service port 443 found for service "${name}"`);
  const endpoint = readyEndpoint(view, `${ns}/${name}`, port.name);
  if (!endpoint) return failed(`no endpoints available for service "${name}"`);
  const address = `${endpoint.ip}:${endpoint.port}`;
  const pod = endpoint.targetRef ? view.get<Pod>('Pod', `${endpoint.targetRef.namespace ?? ns}/${endpoint.targetRef.name}`) : undefined;
  if (pod && !pod.spec.hostNetwork && activeNetwork(view, pod.metadata.namespace ?? ns).kind === 'udn') {
    const open = openDefaultPorts(pod);
    if (!(open?.ok && open.ports.some((p) => p.protocol === 'tcp' && p.port === endpoint.port))) return failed('context deadline exceeded', WEBHOOK_TIMEOUT_MS);
  }
  if (!pod || !listenersOf(pod).some((l) => l.port === endpoint.port)) return failed(`dial tcp ${address}: connect: connection refused`);
  return { kind: 'answered' };
}

/** The first ready endpoint (Ready unset counts as ready) serving the Service port `portName` in the
 * Service's own slices, in name order (the API server picks one at random). */
function readyEndpoint(view: StoreView, serviceKey: string, portName: string | undefined): { ip: string; port: number; targetRef: Endpoint['targetRef'] } | undefined {
  const slices = view
    .byIndex<EndpointSlice>('EndpointSlice', SLICE_SERVICE_INDEX, serviceKey)
    .filter((s) => s.metadata.labels?.[MANAGED_BY_LABEL] === ENDPOINTSLICE_CONTROLLER)
    .sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : 1));
  for (const slice of slices) {
    const port = (slice.ports ?? []).find((p) => (p.name ?? '') === (portName ?? ''))?.port;
    if (port === undefined || port === null) continue;
    const endpoint = (slice.endpoints ?? []).find((e) => e.conditions?.ready !== false && e.addresses.length > 0);
    if (endpoint) return { ip: endpoint.addresses[0]!, port, targetRef: endpoint.targetRef };
  }
  return undefined;
}

export const sidecarInjectionHook: AdmissionHook = (object, view) => {
  if (object.kind !== 'Pod') return { ok: true, object };
  const pod = object as Pod;
  if (hasSidecar(pod) || !wantsSidecar(pod, view)) return { ok: true, object };
  const call = callWebhook(view);
  if (call.kind === 'unregistered') return { ok: true, object };
  if (call.kind === 'failed') return { ok: false, message: call.message, afterMs: call.afterMs };
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
