// Places in a parsed YAML document a mutation can change: every map entry and list item, with its
// path, found by walking the `yaml` package's node tree (which keeps keys such as `__proto__`,
// tags, anchors and comments that plain data would lose), and how a mutation picks one.
import { Pair, Scalar, YAMLMap, isAlias, isMap, isScalar, isSeq } from 'yaml';
import type { Document, Node, YAMLSeq } from 'yaml';
import type { Prng } from './prng.js';

export type YamlPath = Array<string | number>;

export interface Slot {
  path: YamlPath;
  /** The value node (undefined for `key:` with nothing after it). */
  node: unknown;
  /** The map entry, when the slot is one (its key can be renamed). */
  pair?: Pair;
  container?: YAMLMap | YAMLSeq;
  set(node: unknown): void;
  remove(): void;
}

/** The root and every entry and item below it, in document order (aliases are not followed). */
export function slotsOf(doc: Document): Slot[] {
  const slots: Slot[] = [
    {
      path: [],
      node: doc.contents,
      set: (node) => {
        doc.contents = node as Node;
      },
      remove: () => {
        doc.contents = null;
      },
    },
  ];
  walk(doc.contents, [], slots);
  return slots;
}

function walk(node: unknown, path: YamlPath, slots: Slot[]): void {
  if (isAlias(node) || path.length > 64) return;
  if (isMap(node)) {
    for (const pair of node.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : '?';
      const childPath = [...path, key];
      slots.push({
        path: childPath,
        node: pair.value,
        pair,
        container: node,
        set: (value) => {
          pair.value = value;
        },
        remove: () => {
          node.items.splice(node.items.indexOf(pair), 1);
        },
      });
      walk(pair.value, childPath, slots);
    }
  } else if (isSeq(node)) {
    node.items.forEach((item, i) => {
      const childPath = [...path, i];
      slots.push({
        path: childPath,
        node: item,
        container: node,
        set: (value) => {
          const at = node.items.indexOf(item);
          node.items[at < 0 ? i : at] = value;
        },
        remove: () => {
          const at = node.items.indexOf(item);
          if (at >= 0) node.items.splice(at, 1);
        },
      });
      walk(item, childPath, slots);
    });
  }
}

/** Whether `inner`'s path lies strictly below `outer`'s. */
export function isBelow(inner: YamlPath, outer: YamlPath): boolean {
  return inner.length > outer.length && outer.every((segment, i) => inner[i] === segment);
}

export function formatYamlPath(path: YamlPath): string {
  return path.map((segment, i) => (typeof segment === 'number' ? `[${segment}]` : i === 0 ? segment : `.${segment}`)).join('') || '(root)';
}

export function keyName(pair: Pair): string | undefined {
  return isScalar(pair.key) && typeof pair.key.value === 'string' ? pair.key.value : undefined;
}

export function newPair(key: string, value: unknown): Pair {
  return new Pair(new Scalar(key), value);
}

export interface YamlTarget {
  doc: Document;
  prng: Prng;
  isScenario: boolean;
  /** Placeholder token → the raw YAML text it stands for. */
  placeholders: Map<string, string>;
}

export type YamlMutation = (target: YamlTarget) => string | undefined;

/** Slots to choose from: for the scenario, half the time only its top sections (cluster, apply, probes …). */
function candidateSlots(t: YamlTarget, filter: (slot: Slot) => boolean = () => true): Slot[] {
  const all = slotsOf(t.doc).filter(filter);
  if (t.isScenario && t.prng.chance(0.5)) {
    const shallow = all.filter((slot) => slot.path.length <= 4 && !slot.path.includes('objects'));
    if (shallow.length > 0) return shallow;
  }
  return all;
}

export function pickSlot(t: YamlTarget, filter?: (slot: Slot) => boolean): Slot | undefined {
  const slots = candidateSlots(t, filter);
  return slots.length > 0 ? t.prng.pick(slots) : undefined;
}

export const hasPath = (slot: Slot): boolean => slot.path.length > 0;

/** The map at `key`, made (replacing whatever was there) when it is not one. */
export function childMap(parent: YAMLMap, key: string): YAMLMap {
  const child = parent.get(key);
  if (isMap(child)) return child;
  const made = new YAMLMap();
  parent.set(key, made);
  return made;
}
