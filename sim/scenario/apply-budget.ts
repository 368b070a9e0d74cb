// What the `apply` list asks of the simulator, counted before anything runs, against LIMITS (README
// "Limits"): objects applied (each `namespaces:` entry counting once) and pods the workloads will
// have. Past a limit the scenario is refused at the field that takes it over, naming the limit.
import type { KubeObject } from '../../models/kube/types.js';
import { isListKind } from './kinds.js';
import { LIMITS, overLimitMessage } from './limits.js';
import type { Reporter } from './reporter.js';
import { isYamlMap } from './read-fields.js';
import type { Path } from './types.js';

const REPLICATED_KINDS: ReadonlySet<string> = new Set(['Deployment', 'ReplicaSet', 'StatefulSet']);

/** How many objects a manifest document stands for: one, or (a List) its items. */
export function countObjects(value: unknown): number {
  const items = isYamlMap(value) && typeof value['kind'] === 'string' && isListKind(value['kind']) ? value['items'] : undefined;
  return Array.isArray(items) ? items.reduce((sum: number, item) => sum + countObjects(item), 0) : 1;
}

export function objectsOverLimitMessage(total: number, entryCount: number): string {
  return overLimitMessage(`${total} objects in total (this entry: ${entryCount})`, LIMITS.objects, 'objects');
}

/**
 * Pods the applied workloads ask for: a bare Pod one, a Deployment, ReplicaSet or StatefulSet its
 * replicas (1 when unset), a DaemonSet one per node. An object applied again (a later update)
 * counts once, at its largest.
 */
export class PodBudget {
  private readonly podsByObject = new Map<string, number>();
  private total = 0;
  private crossing: { r: Reporter; path: Path; kind: string; pods: number } | undefined;

  constructor(private readonly nodeCount: number) {}

  add(object: KubeObject, r: Reporter): void {
    const counted = this.podsOf(object);
    if (counted === undefined) return;
    const key = `${object.kind}/${object.metadata.namespace ?? ''}/${object.metadata.name}`;
    const before = this.podsByObject.get(key) ?? 0;
    if (counted.pods <= before) return;
    this.podsByObject.set(key, counted.pods);
    this.total += counted.pods - before;
    if (this.total > LIMITS.pods && !this.crossing) this.crossing = { r, path: counted.path, kind: object.kind, pods: counted.pods };
  }

  /** Reports the object that took the total past the limit, with the total of the whole scenario. */
  reportOverLimit(): void {
    if (!this.crossing) return;
    const { r, path, kind, pods } = this.crossing;
    const perNode = kind === 'DaemonSet' ? ', one per node' : '';
    r.report(path, overLimitMessage(`${this.total} pods in total (this ${kind}: ${pods}${perNode})`, LIMITS.pods, 'pods'));
  }

  private podsOf(object: KubeObject): { pods: number; path: Path } | undefined {
    if (object.kind === 'Pod') return { pods: 1, path: [] };
    if (object.kind === 'DaemonSet') return { pods: this.nodeCount, path: [] };
    if (!REPLICATED_KINDS.has(object.kind)) return undefined;
    const spec = (object as { spec?: unknown }).spec;
    const replicas = isYamlMap(spec) ? spec['replicas'] : undefined;
    if (replicas === undefined || replicas === null) return { pods: 1, path: [] };
    // Anything but a non-negative integer is check-manifest's to report.
    return typeof replicas === 'number' && Number.isSafeInteger(replicas) && replicas >= 0 ? { pods: replicas, path: ['spec', 'replicas'] } : undefined;
  }
}
