// Which manifest kinds the simulator models, which it accepts and ignores, and which are
// cluster-scoped (scenario.md "A scenario file", world.md W-1.3).

export const MODELLED_KINDS: ReadonlySet<string> = new Set([
  'Namespace', 'Node', 'Pod', 'Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet', 'Service',
  'ServiceAccount', 'EndpointSlice', 'ClusterUserDefinedNetwork', 'UserDefinedNetwork',
  'NetworkAttachmentDefinition', 'Istio', 'IstioCNI', 'ZTunnel',
]);

/** Kinds a real cluster accepts that change nothing on the network path the simulator models. */
export const IGNORED_KINDS: ReadonlySet<string> = new Set([
  'ConfigMap', 'Secret', 'Role', 'RoleBinding', 'ClusterRole', 'ClusterRoleBinding',
  'PersistentVolumeClaim', 'PersistentVolume', 'StorageClass', 'PodDisruptionBudget',
  'HorizontalPodAutoscaler', 'CustomResourceDefinition', 'MutatingWebhookConfiguration',
  'ValidatingWebhookConfiguration', 'PriorityClass', 'LimitRange', 'ResourceQuota',
  'ServiceMonitor', 'PodMonitor', 'PrometheusRule', 'Lease',
]);

export const CLUSTER_SCOPED_KINDS: ReadonlySet<string> = new Set([
  'Namespace', 'Node', 'ClusterUserDefinedNetwork', 'Istio', 'IstioCNI', 'ZTunnel', 'ClusterRole',
  'ClusterRoleBinding', 'CustomResourceDefinition', 'PersistentVolume', 'StorageClass',
  'MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration', 'PriorityClass',
]);

export type KindClass = 'modelled' | 'ignored' | 'unknown';

export function classifyKind(kind: string): KindClass {
  if (MODELLED_KINDS.has(kind)) return 'modelled';
  return IGNORED_KINDS.has(kind) ? 'ignored' : 'unknown';
}

/** `kubectl apply` of a `List` (or `FooList`) applies its items. */
export function isListKind(kind: string): boolean {
  return kind === 'List' || (kind.endsWith('List') && kind.length > 4);
}

/** Namespaces every cluster has before anything is applied. */
export const BUILTIN_NAMESPACES: ReadonlySet<string> = new Set(['default', 'kube-system', 'kube-public', 'kube-node-lease']);
