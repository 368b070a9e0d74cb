// The Sail operator (W-5.1): Istio → Deployment `istiod` (or `istiod-<name>`) and its Service;
// IstioCNI → DaemonSet `istio-cni-node`; ZTunnel → DaemonSet `ztunnel`; each with its ServiceAccount.
import { controller } from '../controller.js';
import type { ReconcileResult, Write } from '../controller.js';
import type { StoreView } from '../store-view.js';
import { controllerRef } from '../kube/owners.js';
import { isoAt } from '../kube/time.js';
import type { Condition, Container, KubeObject, Namespace, PodTemplateSpec } from '../kube/types.js';
import type { Istio, IstioCNI, ZTunnel } from './types.js';
import { CNI_APP_LABEL, ISTIOD_APP_LABEL, ZTUNNEL_APP_LABEL } from './types.js';

type SailKind = 'Istio' | 'IstioCNI' | 'ZTunnel';
const KINDS: SailKind[] = ['Istio', 'IstioCNI', 'ZTunnel'];

export const sailOperator = controller<undefined>({
  name: 'sail-operator',
  delayMs: 0,
  watches: [
    ...KINDS.map((kind) => ({ kind, keys: (e: { key: string }) => [`${kind}:${e.key}`] })),
    { kind: 'Namespace', keys: (_e, view) => KINDS.flatMap((k) => view.list(k).map((o) => `${k}:${o.metadata.name}`)) },
  ],
  initialState: () => undefined,
  reconcile: (key, view, ctx) => reconcileSail(key, view, isoAt(ctx.cluster.epochMs, ctx.nowMs)),
});

export function istiodDeploymentName(istio: Istio): string {
  const inPlace = (istio.spec?.updateStrategy?.type ?? 'InPlace') === 'InPlace';
  return istio.metadata.name === 'default' && inPlace ? 'istiod' : `istiod-${istio.metadata.name}`;
}

function reconcileSail(key: string, view: StoreView, nowIso: string): ReconcileResult {
  const kind = key.slice(0, key.indexOf(':')) as SailKind;
  const cr = view.get<Istio | IstioCNI | ZTunnel>(kind, key.slice(key.indexOf(':') + 1));
  if (!cr) return {};
  const defaults = { Istio: 'istio-system', IstioCNI: 'istio-cni', ZTunnel: 'ztunnel' } as const;
  const ns = cr.spec?.namespace ?? defaults[kind];
  let error: string | undefined;
  if (kind !== 'Istio' && cr.metadata.name !== 'default') error = "metadata.name must be 'default'";
  else if (!view.get<Namespace>('Namespace', ns)) error = `namespace "${ns}" not found`;
  const desired = error ? [] : kind === 'Istio' ? istiodObjects(cr as Istio, ns) : kind === 'IstioCNI' ? cniObjects(cr as IstioCNI, ns) : ztunnelObjects(cr as ZTunnel, ns);
  const writes: Write[] = [];
  for (const object of desired) {
    const objectKey = `${ns}/${object.metadata.name}`;
    if (!view.get(object.kind, objectKey)) writes.push({ op: 'create', object: { ...object, metadata: { ...object.metadata, ownerReferences: [controllerRef(cr)] } } });
  }
  const conditions: Condition[] = [
    error
      ? { type: 'Reconciled', status: 'False', reason: 'ReconcileError', message: error, lastTransitionTime: nowIso }
      : { type: 'Reconciled', status: 'True', reason: 'Healthy', lastTransitionTime: nowIso },
  ];
  const current = (cr.status as { conditions?: Condition[] } | undefined)?.conditions?.[0];
  if (current?.status !== conditions[0]!.status || current?.message !== conditions[0]!.message) {
    writes.push({ op: 'update', object: { ...cr, status: { conditions } } });
  }
  return { writes };
}

function template(labels: Record<string, string>, serviceAccount: string, container: Container, extra: Partial<PodTemplateSpec['spec']> = {}, annotations?: Record<string, string>): PodTemplateSpec {
  return {
    metadata: { labels, ...(annotations && Object.keys(annotations).length ? { annotations } : {}) },
    spec: { serviceAccountName: serviceAccount, containers: [container], ...extra },
  };
}

function objectsFor(ns: string, name: string, kind: 'Deployment' | 'DaemonSet', labels: Record<string, string>, tpl: PodTemplateSpec): KubeObject[] {
  const serviceAccount = { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: tpl.spec.serviceAccountName ?? name, namespace: ns } };
  const workload = {
    apiVersion: 'apps/v1',
    kind,
    metadata: { name, namespace: ns, labels },
    spec: { ...(kind === 'Deployment' ? { replicas: 1 } : {}), selector: { matchLabels: labels }, template: tpl },
  };
  return [serviceAccount, workload];
}

function istiodObjects(istio: Istio, ns: string): KubeObject[] {
  const pilot = istio.spec?.values?.pilot ?? {};
  const version = (istio.spec?.version ?? 'v1.28.1').replace(/^v/, '');
  const env = Object.entries(pilot.env ?? {}).map(([name, value]) => ({ name, value: String(value) }));
  const trusted = pilot.trustedZtunnelNamespace ?? 'kube-system';
  env.push({ name: 'CA_TRUSTED_NODE_ACCOUNTS', value: `${trusted}/ztunnel` });
  const container: Container = {
    name: 'discovery',
    image: pilot.image ?? `gcr.io/istio-release/pilot:${version}`,
    ports: [
      { containerPort: 8080, protocol: 'TCP' },
      { containerPort: 15010, protocol: 'TCP' },
      { containerPort: 15012, protocol: 'TCP' },
      { containerPort: 15017, protocol: 'TCP' },
    ],
    env,
  };
  const name = istiodDeploymentName(istio);
  const labels = { ...ISTIOD_APP_LABEL, 'istio.io/rev': istio.metadata.name };
  const service = {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, namespace: ns, labels: { app: 'istiod', istio: 'pilot' } },
    spec: {
      selector: { app: 'istiod', 'istio.io/rev': istio.metadata.name },
      ports: [
        { name: 'grpc-xds', port: 15010, protocol: 'TCP' },
        { name: 'https-dns', port: 15012, protocol: 'TCP' },
        { name: 'https-webhook', port: 443, targetPort: 15017, protocol: 'TCP' },
        { name: 'http-monitoring', port: 15014, protocol: 'TCP' },
      ],
    },
  };
  return [...objectsFor(ns, name, 'Deployment', labels, template(labels, 'istiod', container, {}, pilot.podAnnotations)), service];
}

function cniObjects(cni: IstioCNI, ns: string): KubeObject[] {
  const version = (cni.spec?.version ?? 'v1.28.1').replace(/^v/, '');
  const image = cni.spec?.values?.cni?.image ?? `gcr.io/istio-release/install-cni:${version}`;
  const container: Container = { name: 'install-cni', image };
  return objectsFor(ns, 'istio-cni-node', 'DaemonSet', { ...CNI_APP_LABEL }, template({ ...CNI_APP_LABEL }, 'istio-cni', container, { hostNetwork: true }));
}

function ztunnelObjects(ztunnel: ZTunnel, ns: string): KubeObject[] {
  const version = (ztunnel.spec?.version ?? 'v1.28.1').replace(/^v/, '');
  const container: Container = { name: 'istio-proxy', image: `gcr.io/istio-release/ztunnel:${version}`, ports: [{ containerPort: 15020, name: 'ztunnel-stats', protocol: 'TCP' }] };
  return objectsFor(ns, 'ztunnel', 'DaemonSet', { ...ZTUNNEL_APP_LABEL }, template({ ...ZTUNNEL_APP_LABEL }, 'ztunnel', container));
}
