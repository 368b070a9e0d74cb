// Mutations of a parsed YAML document (the scenario or one manifest document): each changes one
// place through the `yaml` node tree and says what it did, or returns undefined when the document
// has no place it applies to. Raw flow text (deep nesting, alias bombs) goes in as a placeholder
// scalar that the caller swaps for the text once no more structural mutations will parse the file.
import { Scalar, isCollection, isMap, isScalar, isSeq } from 'yaml';
import type { YAMLSeq } from 'yaml';
import type { Prng } from './prng.js';
import { formatYamlPath, hasPath, isBelow, keyName, newPair, pickSlot, type Slot, type YamlMutation, type YamlTarget } from './yaml-slots.js';
import { PROTO_KEYS, extremeNumber, longString, retypedValue, strangeString, typo } from './values.js';
import { DOMAIN_MUTATIONS } from './mutate-domain.js';

export type { YamlTarget };

export const YAML_MUTATIONS = {
  'delete-key': deleteKey,
  'rename-key': renameKey,
  retype,
  'extreme-number': extremeNumberAt,
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
  ...DOMAIN_MUTATIONS,
} satisfies Record<string, YamlMutation>;

export type YamlMutationKind = keyof typeof YAML_MUTATIONS;

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

