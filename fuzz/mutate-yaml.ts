// Mutations of a parsed YAML document (the scenario or one manifest document): each changes one
// place through the `yaml` node tree and says what it did, or returns undefined when the document
// has no place it applies to. Raw flow text (deep nesting, alias bombs) goes in as a placeholder
// scalar that the caller swaps for the text after serialising.
import { Scalar, YAMLMap, YAMLSeq, isCollection, isMap, isScalar, isSeq } from 'yaml';
import type { Document } from 'yaml';
import { DEFAULT_TIMING } from '../models/cluster-config.js';
import type { Prng } from './prng.js';
import { formatYamlPath, isBelow, keyName, newPair, slotsOf, type Slot } from './yaml-slots.js';
import { PROTO_KEYS, extremeNumber, longString, retypedValue, strangeString, typo } from './values.js';
import { CIDR_KEYS, PREFIX_KEYS, bogusProbe, ODD_OBJECT_KINDS, oddCidrValue, oddMetadata, oddObject, weirdDuration, weirdFilePath } from './odd-inputs.js';

export interface YamlTarget {
  doc: Document;
  prng: Prng;
  isScenario: boolean;
  /** Placeholder token → the raw YAML text it stands for. */
  placeholders: Map<string, string>;
}

type YamlMutation = (target: YamlTarget) => string | undefined;

export const YAML_MUTATIONS = {
  'delete-key': deleteKey,
  'rename-key': renameKey,
  retype,
  'extreme-number': extremeNumberAt,
  'extreme-time': extremeTime,
  'long-string': (t) => replaceScalar(t, 'long-string', (prng) => longString(prng)),
  'strange-string': (t) => replaceScalar(t, 'strange-string', (prng, current) => strangeString(current, prng)),
  'proto-key': protoKey,
  'deep-nesting': deepNesting,
  'duplicate-item': duplicateItem,
  'yaml-tag': yamlTag,
  alias,
  'circular-alias': circularAlias,
  'alias-bomb': aliasBomb,
  'swap-items': swapItems,
  'bogus-probe': bogusProbeEntry,
  'file-path': filePath,
  'change-kind': changeKind,
  'odd-object': addOddObject,
  'odd-annotation': oddAnnotation,
  'odd-cidr': oddCidr,
} satisfies Record<string, YamlMutation>;

export type YamlMutationKind = keyof typeof YAML_MUTATIONS;

/** Slots to choose from: for the scenario, half the time only its top sections (cluster, apply, probes …). */
function candidateSlots(t: YamlTarget, filter: (slot: Slot) => boolean = () => true): Slot[] {
  const all = slotsOf(t.doc).filter(filter);
  if (t.isScenario && t.prng.chance(0.5)) {
    const shallow = all.filter((slot) => slot.path.length <= 4 && !slot.path.includes('objects'));
    if (shallow.length > 0) return shallow;
  }
  return all;
}

function pickSlot(t: YamlTarget, filter?: (slot: Slot) => boolean): Slot | undefined {
  const slots = candidateSlots(t, filter);
  return slots.length > 0 ? t.prng.pick(slots) : undefined;
}

const hasPath = (slot: Slot): boolean => slot.path.length > 0;

function deleteKey(t: YamlTarget): string | undefined {
  const slot = pickSlot(t, hasPath);
  if (!slot) return undefined;
  slot.remove();
  return `delete ${formatYamlPath(slot.path)}`;
}

function renameKey(t: YamlTarget): string | undefined {
  const slot = pickSlot(t, (s) => s.pair !== undefined && keyName(s.pair) !== undefined);
  if (!slot?.pair) return undefined;
  const renamed = typo(keyName(slot.pair)!, t.prng);
  slot.pair.key = new Scalar(renamed);
  return `rename ${formatYamlPath(slot.path)} to ${JSON.stringify(renamed)}`;
}

function retype(t: YamlTarget): string | undefined {
  const slot = pickSlot(t, hasPath);
  if (!slot) return undefined;
  const current = isScalar(slot.node) ? slot.node.value : isSeq(slot.node) ? [] : isMap(slot.node) ? {} : null;
  const value = retypedValue(current, t.prng);
  slot.set(t.doc.createNode(value));
  return `${formatYamlPath(slot.path)} = ${JSON.stringify(value)}`;
}

function extremeNumberAt(t: YamlTarget): string | undefined {
  const numeric = (s: Slot): boolean => isScalar(s.node) && typeof s.node.value === 'number';
  const slot = (t.prng.chance(0.7) ? pickSlot(t, numeric) : undefined) ?? pickSlot(t, hasPath);
  if (!slot) return undefined;
  const value = extremeNumber(t.prng);
  slot.set(new Scalar(value));
  return `${formatYamlPath(slot.path)} = ${String(value)}`;
}

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

/** The map at `key`, made (replacing whatever was there) when it is not one. */
function childMap(parent: YAMLMap, key: string): YAMLMap {
  const child = parent.get(key);
  if (isMap(child)) return child;
  const made = new YAMLMap();
  parent.set(key, made);
  return made;
}

function replaceScalar(t: YamlTarget, what: string, make: (prng: Prng, current: unknown) => string): string | undefined {
  const scalar = (s: Slot): boolean => isScalar(s.node) && s.path.length > 0;
  const slot = (t.prng.chance(0.8) ? pickSlot(t, scalar) : undefined) ?? pickSlot(t, (s) => s.pair !== undefined);
  if (!slot) return undefined;
  if (slot.pair && t.prng.chance(0.2)) {
    const key = make(t.prng, keyName(slot.pair) ?? '');
    slot.pair.key = new Scalar(key);
    return `${what} key at ${formatYamlPath(slot.path)} (${key.length} chars)`;
  }
  const value = make(t.prng, isScalar(slot.node) ? slot.node.value : '');
  slot.set(new Scalar(value));
  return `${what} ${formatYamlPath(slot.path)} (${value.length > 40 ? `${value.length} chars` : JSON.stringify(value)})`;
}

function protoKey(t: YamlTarget): string | undefined {
  const slot = pickSlot(t, (s) => isMap(s.node));
  if (!slot || !isMap(slot.node)) return undefined;
  const key = t.prng.pick(PROTO_KEYS);
  const value = t.prng.pick<unknown>([1, 'x', null, true, {}, { polluted: 'yes' }, [], ['a']]);
  if (t.prng.chance(0.3) && slot.node.items.length > 0) {
    const pair = t.prng.pick(slot.node.items);
    pair.key = new Scalar(key);
    return `rename a key of ${formatYamlPath(slot.path)} to ${key}`;
  }
  slot.node.items.push(newPair(key, t.doc.createNode(value)));
  return `${formatYamlPath(slot.path)}.${key} = ${JSON.stringify(value)}`;
}

function placeholder(t: YamlTarget, text: string): Scalar {
  const token = `FUZZPLACEHOLDER${t.placeholders.size}X`;
  t.placeholders.set(token, text);
  return new Scalar(token);
}

function deepNesting(t: YamlTarget): string | undefined {
  const slot = pickSlot(t, hasPath);
  if (!slot) return undefined;
  const depth = t.prng.pick([30, 200, 700, 1_500, 5_000]);
  const asList = t.prng.chance(0.5);
  const text = asList ? `${'['.repeat(depth)}1${']'.repeat(depth)}` : `${'{a: '.repeat(depth)}1${'}'.repeat(depth)}`;
  slot.set(placeholder(t, text));
  return `${formatYamlPath(slot.path)} = ${asList ? 'list' : 'map'} nested ${depth} deep`;
}

function duplicateItem(t: YamlTarget): string | undefined {
  const slot = pickSlot(t, (s) => s.container !== undefined);
  if (!slot?.container) return undefined;
  const copy = isCollection(slot.node) || isScalar(slot.node) ? slot.node.clone() : slot.node;
  if (slot.pair) {
    slot.container.items.push(newPair(keyName(slot.pair) ?? 'x', copy) as never);
    return `duplicate key ${formatYamlPath(slot.path)}`;
  }
  (slot.container as YAMLSeq).items.push(copy);
  return `duplicate item ${formatYamlPath(slot.path)}`;
}

const TAGS = ['!!binary', '!custom', '!!set', '!!omap', '!!pairs', '!!timestamp', '!!int', '!!float', '!!str', '!!bool', '!!null', '!!map', '!!seq', '!<tag:example.com,2000:x>', '!!js/function'];

function yamlTag(t: YamlTarget): string | undefined {
  const slot = pickSlot(t, (s) => s.path.length > 0 && (isScalar(s.node) || isCollection(s.node)));
  if (!slot || !(isScalar(slot.node) || isCollection(slot.node))) return undefined;
  const tag = t.prng.pick(TAGS);
  let node = slot.node;
  if (tag === '!!binary' && isScalar(node)) node = new Scalar(t.prng.pick(['aGVsbG8=', 'not base64!', '']));
  if (tag === '!!timestamp' && isScalar(node)) node = new Scalar(t.prng.pick(['2001-12-14t21:59:43.10-05:00', '2002-12-14', 'yesterday']));
  node.tag = tag;
  slot.set(node);
  return `tag ${formatYamlPath(slot.path)} ${tag}`;
}

function alias(t: YamlTarget): string | undefined {
  const source = pickSlot(t, (s) => s.path.length > 0 && (isScalar(s.node) || isCollection(s.node)));
  if (!source || !(isScalar(source.node) || isCollection(source.node))) return undefined;
  const target = pickSlot(t, (s) => s.path.length > 0 && !isBelow(source.path, s.path) && s.path.join() !== source.path.join());
  if (!target) return undefined;
  const anchored = source.node;
  anchored.anchor = anchored.anchor ?? `a${t.placeholders.size}${t.prng.int(1000)}`;
  target.set(t.doc.createAlias(anchored));
  return `${formatYamlPath(target.path)} = *alias of ${formatYamlPath(source.path)}`;
}

/** An alias to one of its own ancestors: `doc.toJS()` makes a cycle. */
function circularAlias(t: YamlTarget): string | undefined {
  const outer = pickSlot(t, (s) => s.path.length > 0 && isCollection(s.node));
  if (!outer || !isCollection(outer.node)) return undefined;
  const node = outer.node;
  node.anchor = node.anchor ?? `loop${t.prng.int(1000)}`;
  const ref = t.doc.createAlias(node);
  if (isMap(node)) node.items.push(newPair(t.prng.pick(['self', 'metadata', 'spec', 'items', 'labels']), ref));
  else (node as YAMLSeq).items.push(ref);
  return `${formatYamlPath(outer.path)} contains an alias to itself`;
}

/** Nested aliases (a "billion laughs"): `levels` levels of `width`, just under or over the loader's limit. */
function aliasBomb(t: YamlTarget): string | undefined {
  const slot = pickSlot(t, hasPath);
  if (!slot) return undefined;
  const width = t.prng.pick([3, 9, 10]);
  const levels = t.prng.pick([2, 3, 4, 5, 8]);
  const id = `b${t.placeholders.size}`;
  const parts = [`&${id}0 [${Array(width).fill('lol').join(', ')}]`];
  for (let level = 1; level < levels; level++) parts.push(`&${id}${level} [${Array(width).fill(`*${id}${level - 1}`).join(', ')}]`);
  slot.set(placeholder(t, `[${parts.join(', ')}]`));
  return `${formatYamlPath(slot.path)} = alias bomb ${width}^${levels}`;
}

function swapItems(t: YamlTarget): string | undefined {
  const root = t.doc.contents;
  const apply = t.isScenario && isMap(root) ? root.get('apply') : undefined;
  const slot = isSeq(apply) && apply.items.length > 1 && t.prng.chance(0.7) ? { node: apply, path: ['apply'] } : pickSlot(t, (s) => isSeq(s.node) && s.node.items.length > 1);
  if (!slot || !isSeq(slot.node)) return undefined;
  const items = slot.node.items;
  const i = t.prng.int(items.length);
  const j = (i + 1 + t.prng.int(items.length - 1)) % items.length;
  [items[i], items[j]] = [items[j], items[i]];
  return `swap ${formatYamlPath(slot.path)}[${i}] and [${j}]`;
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
