// `sim get RESOURCE` (world.md issue 4): what `kubectl get` prints over a snapshot of the simulated
// cluster — the table (or -o wide/yaml/json) on stdout, kubectl's messages on stderr, its exit code.
import type { KubeEvent, KubeObject } from '../../../models/kube/types.js';
import type { StoreView } from '../../../models/store-view.js';
import { INTERNAL_API } from '../../../models/istio/istiod-controller.js';
import { formatObjectsJson, formatObjectsYaml } from './object-output.js';
import { qualifiedResource, resolveResourceType } from './resource-types.js';

export type GetOutput = 'table' | 'wide' | 'yaml' | 'json';

export interface GetRequest {
  /** A resource type as kubectl takes it: `pods`, `po`, `cudn`, `endpointslices` … */
  resource: string;
  /** Only objects of this name (in every listed namespace). */
  name?: string;
  /** Only this namespace; undefined lists every namespace (`-A`). Ignored for cluster-scoped kinds. */
  namespace?: string;
  output: GetOutput;
}

export interface GetClock {
  /** Wall-clock ms of virtual time 0 (cluster.epochMs). */
  epochMs: number;
  /** The snapshot's virtual time in ms. */
  nowMs: number;
}

export interface GetResult {
  stdout: string;
  stderr: string;
  /** 0, or 1 as kubectl exits for an unknown resource type or a name that is not found. */
  exitCode: 0 | 1;
}

export function getResources(view: StoreView, clock: GetClock, request: GetRequest): GetResult {
  const type = resolveResourceType(request.resource);
  if (!type) return failure(`error: the server doesn't have a resource type "${request.resource}"`);
  const namespace = type.namespaced ? request.namespace : undefined;
  const objects = view
    .list(type.kind, namespace)
    .filter((o) => o.apiVersion !== INTERNAL_API && (request.name === undefined || o.metadata.name === request.name))
    .sort(type.kind === 'Event' ? compareEvents : (a, b) => compareBytewise(storageKey(a), storageKey(b)));
  if (request.name !== undefined && objects.length === 0) {
    return failure(`Error from server (NotFound): ${qualifiedResource(type)} "${request.name}" not found`);
  }
  const single = request.name !== undefined;
  if (request.output === 'yaml') return success(formatObjectsYaml(objects, single));
  if (request.output === 'json') return success(formatObjectsJson(objects, single));
  if (objects.length === 0) {
    const where = namespace === undefined ? '' : ` in ${namespace} namespace.`;
    return { stdout: '', stderr: `No resources found${where}\n`, exitCode: 0 };
  }
  const ctx = { ...clock, wide: request.output === 'wide', withNamespace: type.namespaced && namespace === undefined };
  return success(type.print(objects, ctx));
}

/** The apiserver lists objects in etcd key order: `<namespace>/<name>` compared bytewise. */
function storageKey(object: KubeObject): string {
  return object.metadata.namespace ? `${object.metadata.namespace}/${object.metadata.name}` : object.metadata.name;
}

function compareBytewise(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function success(stdout: string): GetResult {
  return { stdout, stderr: '', exitCode: 0 };
}

function failure(message: string): GetResult {
  return { stdout: '', stderr: `${message}\n`, exitCode: 1 };
}

/**
 * The API server lists by storage key; a real Event is named `<object>.<hex UnixNano of its first
 * time>` (client-go tools/record makeEvent), so an object's events list in the order they happened.
 * The simulator names events by a hash of what they say (to find a repeat), so it sorts as those
 * names would: namespace, object name, first time, then the order they were written.
 */
function compareEvents(a: KubeObject, b: KubeObject): number {
  const ea = a as KubeEvent;
  const eb = b as KubeEvent;
  return (
    compareBytewise(a.metadata.namespace ?? '', b.metadata.namespace ?? '') ||
    compareBytewise(ea.involvedObject.name, eb.involvedObject.name) ||
    compareBytewise(firstTime(ea), firstTime(eb)) ||
    Number(a.metadata.resourceVersion ?? 0) - Number(b.metadata.resourceVersion ?? 0)
  );
}

/** Times compared as text: RFC 3339 with a fixed layout, seconds or microseconds (the events.k8s.io kind). */
function firstTime(event: KubeEvent): string {
  const time = event.firstTimestamp ?? (event['eventTime'] as string | null | undefined) ?? '';
  return time.endsWith('Z') && !time.includes('.') ? `${time.slice(0, -1)}.000000Z` : time;
}
