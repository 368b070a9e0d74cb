// What a YAML document may not be, checked before anything recursive touches it (style.md "Errors":
// a bad file is the user's problem, never a crash): nested deeper than LIMITS.nestingDepth, holding
// itself through an alias, or with a key that is a collection or `__proto__`. The `yaml` package's
// composer, toJS and every walk of the data after it are recursive: a few thousand levels overflow
// the stack, and V8 can even abort the process when that happens while it compiles a regular
// expression, so depth is measured on the parser's tokens, which it builds without recursion.
import { isAlias, isMap, isPair, isScalar, isSeq } from 'yaml';
import type { CST, Document } from 'yaml';
import { LIMITS } from './limits.js';
import type { Path } from './types.js';

export const TOO_DEEP = `nested more than ${LIMITS.nestingDepth} levels deep`;
export const SELF_CONTAINING = 'an alias here refers to a map or list that contains it: the document would contain itself';
export const COLLECTION_KEY = 'a map key must be a string, number or boolean, not a list or map';
/** `__proto__` as a key would become an object's prototype in some copies of the data (Object.assign). */
export const PROTO_KEY = 'a key named "__proto__" is not allowed';

/** Offset of the first map or list nested past the limit, in document order; undefined when none is. */
export function firstTooDeepOffset(document: CST.Document): number | undefined {
  const stack: Array<{ token: CST.Token | null | undefined; level: number }> = [{ token: document.value, level: 0 }];
  while (stack.length > 0) {
    const { token, level } = stack.pop()!;
    if (!token || !isCstCollection(token)) continue;
    if (level + 1 > LIMITS.nestingDepth) return token.offset;
    const children = token.items.flatMap((item) => [item.key, item.value]);
    for (let i = children.length - 1; i >= 0; i--) stack.push({ token: children[i], level: level + 1 });
  }
  return undefined;
}

function isCstCollection(token: CST.Token): token is CST.BlockMap | CST.BlockSequence | CST.FlowCollection {
  return token.type === 'block-map' || token.type === 'block-seq' || token.type === 'flow-collection';
}

export interface NodeProblem {
  offset: number;
  message: string;
}

/** Keys that are collections or `__proto__`, at their positions, and whether the document has aliases. */
export function checkKeys(doc: Document.Parsed): { problems: NodeProblem[]; hasAliases: boolean } {
  const problems: NodeProblem[] = [];
  let hasAliases = false;
  // Recursion is safe here: firstTooDeepOffset has bounded the nesting (aliases are not followed).
  const visit = (node: unknown): void => {
    if (isAlias(node)) hasAliases = true;
    if (isSeq(node)) node.items.forEach(visit);
    if (!isMap(node)) return;
    for (const pair of node.items) {
      if (!isPair(pair)) continue;
      const problem = keyProblem(doc, pair.key);
      if (problem !== undefined) problems.push(problem);
      visit(pair.key);
      visit(pair.value);
    }
  };
  visit(doc.contents);
  return { problems, hasAliases };
}

function keyProblem(doc: Document.Parsed, key: unknown): NodeProblem | undefined {
  const offset = isAlias(key) || isMap(key) || isSeq(key) || isScalar(key) ? key.range?.[0] : undefined;
  if (offset === undefined) return undefined;
  const target = isAlias(key) ? key.resolve(doc) : key;
  if (isMap(target) || isSeq(target)) return { offset, message: COLLECTION_KEY };
  if (isScalar(target) && target.value === '__proto__') return { offset, message: PROTO_KEY };
  return undefined;
}

/**
 * The plain data of a document with aliases: the path to the first place nested past the limit or
 * holding one of its own ancestors. Walked with an explicit stack, so it cannot overflow.
 */
export function findShapeProblem(value: unknown): { path: Path; message: string } | undefined {
  const ancestors = new Set<object>();
  const stack: Array<{ value: unknown; path: Path; leave?: object }> = [{ value, path: [] }];
  while (stack.length > 0) {
    const { value: node, path, leave } = stack.pop()!;
    if (leave) {
      ancestors.delete(leave);
      continue;
    }
    if (typeof node !== 'object' || node === null) continue;
    if (ancestors.has(node)) return { path, message: SELF_CONTAINING };
    if (ancestors.size + 1 > LIMITS.nestingDepth) return { path, message: TOO_DEEP };
    ancestors.add(node);
    stack.push({ value: undefined, path, leave: node });
    const entries: Array<[string | number, unknown]> = Array.isArray(node) ? node.map((item, i) => [i, item]) : Object.entries(node);
    for (let i = entries.length - 1; i >= 0; i--) {
      const [key, child] = entries[i]!;
      stack.push({ value: child, path: [...path, key] });
    }
  }
  return undefined;
}

/** How many maps and lists deep a plain value is (a scalar: 0), counted without recursion. */
export function nestingDepth(value: unknown): number {
  let deepest = 0;
  const stack: Array<{ value: unknown; level: number }> = [{ value, level: 0 }];
  while (stack.length > 0) {
    const { value: node, level } = stack.pop()!;
    if (typeof node !== 'object' || node === null) continue;
    deepest = Math.max(deepest, level + 1);
    for (const child of Object.values(node)) stack.push({ value: child, level: level + 1 });
  }
  return deepest;
}
