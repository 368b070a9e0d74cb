// Parses a YAML text (one or many documents) keeping where every field stands, so each problem can
// be printed as FILE:LINE:COL (style.md "Errors"; positions come from the `yaml` LineCounter). A
// document nested too deep, containing itself or with a key no Kubernetes object can have is a
// problem here (yaml-guards.ts), for scenario files, manifests and `--set` values alike.
import { Composer, LineCounter, Parser, isAlias, isMap, isScalar, isSeq } from 'yaml';
import type { Document } from 'yaml';
import type { Locator, Path, ScenarioProblem, SourceLocation } from './types.js';
import { TOO_DEEP, checkKeys, findShapeProblem, firstTooDeepOffset } from './yaml-guards.js';

export interface YamlDocument {
  /** The document as plain data (`doc.toJS()`). */
  value: unknown;
  /** 1-based position of the key (map entry) or item (list) the path ends at, else of its nearest ancestor. */
  locate: Locator;
  /** Whether the path exists in the document as written. */
  has: (path: Path) => boolean;
  /** Where the document's content starts. */
  source: SourceLocation;
}

export interface YamlSource {
  /** Documents without syntax errors and with a non-empty value, in file order. */
  documents: YamlDocument[];
  /** Syntax errors (and the parser's warnings, such as an unresolved tag), at their positions. */
  problems: ScenarioProblem[];
}

type ParsedDocument = Document.Parsed;
type PositionOf = (offset: number) => SourceLocation;

export function parseYamlSource(file: string, text: string): YamlSource {
  const lineCounter = new LineCounter();
  const tokens = Array.from(new Parser(lineCounter.addNewLine).parse(text));
  const at = (offset: number): SourceLocation => ({ file, ...lineCounter.linePos(offset) });
  const problems: ScenarioProblem[] = [];
  // Too deep for the composer's recursion: report where, and compose nothing (the file is refused).
  for (const token of tokens) {
    const offset = token.type === 'document' ? firstTooDeepOffset(token) : undefined;
    if (offset !== undefined) problems.push(syntaxProblem(at(offset), TOO_DEEP, 'error'));
  }
  if (problems.length > 0) return { documents: [], problems };
  // logLevel 'error': the parser's warnings are problems below, never Node process warnings on stderr.
  const composer = new Composer({ prettyErrors: false, logLevel: 'error' });
  const documents: YamlDocument[] = [];
  for (const doc of composer.compose(tokens)) {
    for (const error of doc.errors) problems.push(syntaxProblem(at(error.pos[0]), error.message, 'error'));
    for (const warning of doc.warnings) {
      problems.push(syntaxProblem(at(warning.pos[0]), warning.message, 'warning'));
    }
    if (doc.errors.length > 0) continue;
    const keys = checkKeys(doc);
    for (const problem of keys.problems) problems.push(syntaxProblem(at(problem.offset), problem.message, 'error'));
    if (keys.problems.length > 0) continue;
    const value = documentValue(doc, at, problems);
    if (value === null || value === undefined) continue;
    const described = describeDocument(doc, value, at);
    const shape = keys.hasAliases ? findShapeProblem(value) : undefined;
    if (shape) problems.push(syntaxProblem(described.locate(shape.path), shape.message, 'error'));
    else documents.push(described);
  }
  return { documents, problems };
}

/** `doc.toJS()`, which refuses documents that expand too many aliases (a resource-exhaustion guard). */
function documentValue(doc: ParsedDocument, at: PositionOf, problems: ScenarioProblem[]): unknown {
  try {
    // Allow documents that reuse manifests through aliases (a few thousand expansions), still far
    // below what a resource-exhaustion document needs.
    return doc.toJS({ maxAliasCount: 10_000 });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    problems.push(syntaxProblem(at(doc.contents?.range[0] ?? doc.range[0]), message, 'error'));
    return undefined;
  }
}

function syntaxProblem(where: SourceLocation, message: string, severity: 'error' | 'warning'): ScenarioProblem {
  return { ...where, path: '', message: message.split('\n')[0] ?? message, severity };
}

function describeDocument(doc: ParsedDocument, value: unknown, at: PositionOf): YamlDocument {
  return {
    value,
    locate: (path) => at(findField(doc, path).offset),
    has: (path) => findField(doc, path).found,
    source: at(doc.contents?.range[0] ?? doc.range[0]),
  };
}

interface FieldStep {
  node: unknown;
  offset: number;
}

interface FieldSearch {
  offset: number;
  found: boolean;
}

function findField(doc: ParsedDocument, path: Path): FieldSearch {
  let node: unknown = doc.contents;
  let offset = doc.contents?.range[0] ?? doc.range[0];
  for (const segment of path) {
    const step = stepInto(doc, node, segment);
    if (step === undefined) return { offset, found: false };
    node = step.node;
    offset = step.offset;
  }
  return { offset, found: true };
}

/** One step down: into a map entry (positioned at its key) or a list item (positioned at the item). */
function stepInto(doc: ParsedDocument, node: unknown, segment: string | number): FieldStep | undefined {
  const target = isAlias(node) ? node.resolve(doc) : node;
  if (isMap(target)) {
    const pair = target.items.find((item) => isScalar(item.key) && String(item.key.value) === String(segment));
    const keyStart = pair && isScalar(pair.key) ? pair.key.range?.[0] : undefined;
    return pair && keyStart !== undefined ? { node: pair.value, offset: keyStart } : undefined;
  }
  if (isSeq(target)) {
    const item: unknown = target.items[Number(segment)];
    const isNode = isAlias(item) || isMap(item) || isSeq(item) || isScalar(item);
    const start = isNode ? item.range?.[0] : undefined;
    return start !== undefined ? { node: item, offset: start } : undefined;
  }
  return undefined;
}
