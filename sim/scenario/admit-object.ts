// Admits one manifest object the way `oc apply` would (world.md W-1.3): sorts modelled kinds from
// ignored (note) and unknown ones (warning), validates a modelled kind's manifest against its schema
// as the API server decodes it (schema/validate-manifest.ts), checks what the models read, and
// assigns its namespace.
import type { KubeObject, ObjectMeta } from '../../models/kube/types.js';
import { checkManifest } from './check-manifest.js';
import { CLUSTER_SCOPED_KINDS, classifyKind } from './kinds.js';
import type { Reporter } from './reporter.js';
import { isAbsent, isYamlMap, readAs, readMap, readStringMap } from './read-fields.js';
import type { YamlMap } from './read-fields.js';
import { validateManifest, type ManifestRefusal } from './schema/validate-manifest.js';

/**
 * The schema's answer per manifest value: an `apply` entry with `namespaces: [...]` admits the same
 * manifest once per namespace, and its refusals are reported once.
 */
const refusalsByManifest = new WeakMap<object, ManifestRefusal[]>();

/** The checked object with its namespace settled, or undefined when it is dropped or unusable. */
export function admitObject(r: Reporter, value: unknown, entryNamespace: string | undefined, file: string): KubeObject | undefined {
  const object = readAs(r, [], value, 'map', true);
  if (!object) return undefined;
  const apiVersion = readAs(r, ['apiVersion'], object['apiVersion'], 'string', true);
  const kind = readAs(r, ['kind'], object['kind'], 'string', true);
  if (apiVersion === undefined || kind === undefined) return undefined;
  const kindClass = classifyKind(kind);
  if (kindClass === 'ignored') {
    r.report(['kind'], `kind ${kind} does not affect the network; accepted and ignored`, 'note');
    return undefined;
  }
  if (kindClass === 'unknown') {
    r.report(['kind'], `unknown kind ${kind} (apiVersion ${apiVersion}); ignored`, 'warning');
    return undefined;
  }
  if (refuseBySchema(r, object, { apiVersion, kind, file, entryNamespace }).length > 0) return undefined;
  const metadata = readMetadata(r, object['metadata']);
  if (!metadata) return undefined;
  checkManifest(r, kind, object);
  const namespace = assignNamespace(r, kind, metadata, entryNamespace);
  const settled: ObjectMeta = { ...metadata };
  delete settled.namespace;
  if (namespace !== undefined) settled.namespace = namespace;
  return { ...object, apiVersion, kind, metadata: settled };
}

/** Reports the API server's refusals of this manifest (the first time it is admitted) and returns them. */
function refuseBySchema(
  r: Reporter,
  object: YamlMap,
  { apiVersion, kind, file, entryNamespace }: { apiVersion: string; kind: string; file: string; entryNamespace: string | undefined },
): ManifestRefusal[] {
  const known = refusalsByManifest.get(object);
  if (known) return known;
  const metadata = object['metadata'];
  const field = (key: string): string | undefined => {
    const text = isYamlMap(metadata) ? metadata[key] : undefined;
    return typeof text === 'string' ? text : undefined;
  };
  const namespace = CLUSTER_SCOPED_KINDS.has(kind) ? undefined : (entryNamespace ?? field('namespace') ?? 'default');
  const refusals = validateManifest(object, { apiVersion, kind, name: field('name') ?? '', file, namespace });
  for (const refusal of refusals) r.report(refusal.path, refusal.message);
  refusalsByManifest.set(object, refusals);
  return refusals;
}

function readMetadata(r: Reporter, value: unknown): (YamlMap & { name: string }) | undefined {
  if (isAbsent(value)) {
    r.report(['metadata', 'name'], 'metadata.name is required');
    return undefined;
  }
  const metadata = readMap(r, ['metadata'], value);
  if (!metadata) return undefined;
  readStringMap(r, metadata.at('labels'), metadata.map['labels']);
  readStringMap(r, metadata.at('annotations'), metadata.map['annotations']);
  metadata.read('namespace', 'string');
  const name = metadata.map['name'];
  if (isAbsent(name) || name === '') r.report(metadata.at('name'), 'metadata.name is required');
  else readAs(r, metadata.at('name'), name, 'string');
  return typeof name === 'string' && name !== '' ? { ...metadata.map, name } : undefined;
}

/**
 * `oc apply [-n NS]`: cluster-scoped kinds never carry a namespace; namespaced ones keep their own
 * (which must match `-n NS` when given) or get NS, or `default` without `-n`.
 */
function assignNamespace(
  r: Reporter,
  kind: string,
  metadata: YamlMap,
  entryNamespace: string | undefined,
): string | undefined {
  if (CLUSTER_SCOPED_KINDS.has(kind)) return undefined;
  const given = metadata['namespace'];
  const own = typeof given === 'string' && given !== '' ? given : undefined;
  if (entryNamespace === undefined) return own ?? 'default';
  if (own !== undefined && own !== entryNamespace) {
    r.report(
      ['metadata', 'namespace'],
      `the namespace from the provided object "${own}" does not match the namespace "${entryNamespace}". ` +
        `You must pass '--namespace=${own}' to perform this operation.`,
    );
  }
  return entryNamespace;
}
