// Mutations that know the scenario's shape: times, probes, manifest paths, kinds, whole odd objects,
// the annotations and CIDRs the models read. Each changes one place and says what it did, or
// returns undefined when the document has no place it applies to.
import { Scalar, YAMLMap, YAMLSeq, isMap, isScalar, isSeq } from 'yaml';
import { DEFAULT_TIMING } from '../models/cluster-config.js';
import { childMap, formatYamlPath, pickSlot, type Slot, type YamlMutation, type YamlTarget } from './yaml-slots.js';
import { extremeNumber } from './values.js';
import { CIDR_KEYS, ODD_OBJECT_KINDS, PREFIX_KEYS, bogusProbe, oddCidrValue, oddMetadata, oddObject, weirdDuration, weirdFilePath } from './odd-inputs.js';

export const DOMAIN_MUTATIONS = {
  'extreme-time': extremeTime,
  'bogus-probe': bogusProbeEntry,
  'file-path': filePath,
  'change-kind': changeKind,
  'odd-object': addOddObject,
  'odd-annotation': oddAnnotation,
  'odd-cidr': oddCidr,
} satisfies Record<string, YamlMutation>;

/** An `at` of an apply entry or probe, or a cluster.timing delay, set to an extreme number or duration. */
function extremeTime(t: YamlTarget): string | undefined {
  if (!t.isScenario || !isMap(t.doc.contents)) return undefined;
  const root = t.doc.contents;
  const section = t.prng.pick(['apply', 'probes', 'timing'] as const);
  let map: YAMLMap;
  let key = 'at';
  let where = '';
  if (section === 'timing') {
    map = childMap(childMap(root, 'cluster'), 'timing');
    key = t.prng.pick(Object.keys(DEFAULT_TIMING));
    where = `cluster.timing.${key}`;
  } else {
    const list = root.get(section);
    if (!isSeq(list) || list.items.length === 0) return undefined;
    const i = t.prng.int(list.items.length);
    const item = list.items[i];
    if (!isMap(item)) return undefined;
    map = item;
    where = `${section}[${i}].at`;
  }
  const value: number | string = t.prng.chance(0.6) ? extremeNumber(t.prng) : weirdDuration(t.prng);
  map.set(key, new Scalar(value));
  return `${where} = ${typeof value === 'string' ? JSON.stringify(value) : String(value)}`;
}

function bogusProbeEntry(t: YamlTarget): string | undefined {
  if (!t.isScenario || !isMap(t.doc.contents)) return undefined;
  let probes = t.doc.contents.get('probes');
  if (!isSeq(probes)) t.doc.contents.set('probes', (probes = new YAMLSeq()));
  const { probe, description } = bogusProbe(t.prng);
  const probeSeq = probes as YAMLSeq;
  if (probeSeq.items.length > 0 && t.prng.chance(0.5)) probeSeq.items[t.prng.int(probeSeq.items.length)] = t.doc.createNode(probe);
  else probeSeq.items.push(t.doc.createNode(probe));
  return `probe ${description}`;
}

function filePath(t: YamlTarget): string | undefined {
  if (!t.isScenario || !isMap(t.doc.contents)) return undefined;
  const apply = t.doc.contents.get('apply');
  if (!isSeq(apply) || apply.items.length === 0) return undefined;
  const i = t.prng.int(apply.items.length);
  const entry = apply.items[i];
  if (!isMap(entry)) return undefined;
  const path = weirdFilePath(t.prng);
  entry.set('file', path);
  if (t.prng.chance(0.7)) entry.delete('objects');
  return `apply[${i}].file = ${JSON.stringify(path.length > 60 ? `${path.slice(0, 20)}…(${path.length})` : path)}`;
}

function changeKind(t: YamlTarget): string | undefined {
  const slot = pickSlot(t, (s) => isMap(s.node) && s.node.has('kind') && s.node.has('metadata'));
  if (!slot || !isMap(slot.node)) return undefined;
  const kind = t.prng.pick([...ODD_OBJECT_KINDS, 'List', 'PodList', 'Scenario', 'kind']);
  slot.node.set('kind', kind);
  return `${formatYamlPath(slot.path)}.kind = ${kind}`;
}

/** A new object of a modelled kind, sparse or odd, added to an inline `objects` list (or as a new apply entry). */
function addOddObject(t: YamlTarget): string | undefined {
  if (!t.isScenario || !isMap(t.doc.contents)) return undefined;
  let apply = t.doc.contents.get('apply');
  if (!isSeq(apply)) t.doc.contents.set('apply', (apply = new YAMLSeq()));
  const { object, description } = oddObject(t.prng);
  (apply as YAMLSeq).items.push(t.doc.createNode({ objects: [object] }));
  return `apply a ${description}`;
}

/** An annotation or label the models read, with a value of the wrong shape, on some object's (or pod template's) metadata. */
function oddAnnotation(t: YamlTarget): string | undefined {
  const slot = pickSlot(t, (s) => s.path[s.path.length - 1] === 'metadata' && isMap(s.node) && !(t.isScenario && s.path.length === 1));
  if (!slot || !isMap(slot.node)) return undefined;
  const { section, key, value } = oddMetadata(t.prng);
  childMap(slot.node, section).set(key, t.doc.createNode(value));
  return `${formatYamlPath(slot.path)}.${section}[${key}] = ${JSON.stringify(value)}`;
}

/** A CIDR field (a subnet list item, a cluster network, a host subnet length …) set to a valid but awkward value. */
function oddCidr(t: YamlTarget): string | undefined {
  const last = (s: Slot): string | number | undefined => s.path[s.path.length - 1];
  const inCidrList = (s: Slot): boolean => typeof last(s) === 'number' && CIDR_KEYS.has(String(s.path[s.path.length - 2]));
  const slot = pickSlot(t, (s) => CIDR_KEYS.has(String(last(s))) || PREFIX_KEYS.has(String(last(s))) || (inCidrList(s) && isScalar(s.node)));
  if (!slot) return undefined;
  const value = oddCidrValue(t.prng, PREFIX_KEYS.has(String(last(slot))));
  slot.set(t.doc.createNode(value));
  return `${formatYamlPath(slot.path)} = ${JSON.stringify(value)}`;
}
