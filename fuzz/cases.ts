// The one case generator both fuzzers share (test/fuzz/fuzz.test.ts and `npm run fuzz`): case N of
// seed S is a command line and a set of files, made from a starting scenario and one to three
// mutations chosen by the case's own random stream — so any case can be made again on its own.
import { parseAllDocuments, isScalar } from 'yaml';
import type { Document } from 'yaml';
import { casePrng, type Prng } from './prng.js';
import { SCENARIO_FILE, pickSeed, type Corpus } from './corpus.js';
import { YAML_MUTATIONS, type YamlMutationKind, type YamlTarget } from './mutate-yaml.js';
import { TEXT_MUTATIONS, type TextMutationKind } from './mutate-text.js';
import { bogusOption, bogusSet, commandArgv, generateArgv, junkArgv, type CommandKind } from './mutate-argv.js';
import { SIZE_KEYS, capSize } from './values.js';
import { keyName, slotsOf, type YamlPath } from './yaml-slots.js';

export type MutationKind = YamlMutationKind | TextMutationKind | 'bogus-set' | 'bogus-option';

export interface Mutation {
  kind: MutationKind;
  /** Which file it changed (or `argv`) and how. */
  detail: string;
}

export interface FuzzCase {
  seed: number;
  index: number;
  command: CommandKind;
  /** The starting scenario. */
  origin: string;
  /** The command line, relative to the case's directory. */
  argv: string[];
  /** Every file the case may read, by path relative to its directory. */
  files: Map<string, string>;
  mutations: Mutation[];
}

const COMMAND_WEIGHTS: Record<CommandKind, number> = { run: 78, get: 9, compare: 6, generate: 4, junk: 3 };

const MUTATION_WEIGHTS: Record<MutationKind, number> = {
  'delete-key': 8, 'rename-key': 6, retype: 10, 'extreme-number': 8, 'extreme-time': 6, 'long-string': 3, 'strange-string': 5,
  'proto-key': 4, 'deep-nesting': 3, 'duplicate-item': 4, 'yaml-tag': 4, alias: 3, 'circular-alias': 2, 'alias-bomb': 2, 'swap-items': 3,
  'bogus-probe': 5, 'file-path': 3, 'change-kind': 3, 'odd-object': 6, 'odd-annotation': 6, 'odd-cidr': 5, truncate: 4, 'insert-bytes': 4, 'line-endings': 1, 'tab-indent': 1,
  'shuffle-lines': 2, 'whole-file': 2, 'bogus-set': 6, 'bogus-option': 3,
};

export const MUTATION_KINDS = Object.keys(MUTATION_WEIGHTS) as MutationKind[];

export function weightedPick<K extends string>(weights: Record<K, number>, prng: Prng): K {
  const entries = Object.entries(weights) as Array<[K, number]>;
  let roll = prng.next() * entries.reduce((sum, [, weight]) => sum + weight, 0);
  for (const [key, weight] of entries) {
    roll -= weight;
    if (roll < 0) return key;
  }
  return entries[entries.length - 1]![0];
}

export function makeCase(corpus: Corpus, seed: number, index: number): FuzzCase {
  const prng = casePrng(seed, index);
  const command = weightedPick(COMMAND_WEIGHTS, prng);
  const start = pickSeed(corpus, prng);
  const fuzzCase: FuzzCase = { seed, index, command, origin: start.origin, argv: [], files: new Map(start.files), mutations: [] };
  if (command === 'generate') return { ...fuzzCase, origin: '-', files: new Map(), argv: generateArgv(prng) };
  if (command === 'junk') return { ...fuzzCase, argv: junkArgv(SCENARIO_FILE, prng) };
  fuzzCase.argv = commandArgv(command, SCENARIO_FILE, prng);
  const count = prng.pick([1, 1, 1, 2, 2, 3]);
  const kinds = Array.from({ length: count }, () => weightedPick(MUTATION_WEIGHTS, prng));
  // Structural mutations first, while every file still parses, and the command line's (which reads
  // the scenario's paths); raw flow text (deep nesting, alias bombs) stays a placeholder until
  // then, because how deep the `yaml` parser can recurse depends on the caller's stack, and a case
  // must come out the same in the test, in a worker and in the replay. Raw-text damage comes last.
  const order = (kind: MutationKind): number => (kind in YAML_MUTATIONS ? 0 : kind in TEXT_MUTATIONS ? 2 : 1);
  const placeholders = new Map<string, string>();
  let substituted = false;
  for (const kind of [...kinds].sort((a, b) => order(a) - order(b))) {
    if (order(kind) === 2 && !substituted) substituted = substitute(fuzzCase.files, placeholders);
    applyMutation(fuzzCase, kind, prng, placeholders);
  }
  if (!substituted) substitute(fuzzCase.files, placeholders);
  return fuzzCase;
}

/** Puts the raw text in for each placeholder token, in every file. */
function substitute(files: Map<string, string>, placeholders: ReadonlyMap<string, string>): true {
  for (const [file, text] of files) {
    let out = text;
    for (const [token, raw] of placeholders) out = out.replaceAll(token, () => raw);
    files.set(file, out);
  }
  return true;
}

function applyMutation(fuzzCase: FuzzCase, kind: MutationKind, prng: Prng, placeholders: Map<string, string>): void {
  if (kind === 'bogus-set') {
    const set = bogusSet(scenarioPaths(fuzzCase.files.get(SCENARIO_FILE) ?? ''), prng);
    fuzzCase.argv.push('--set', set);
    fuzzCase.mutations.push({ kind, detail: `argv: --set ${JSON.stringify(set)}` });
    return;
  }
  if (kind === 'bogus-option') {
    const option = bogusOption(prng);
    fuzzCase.argv.push(...option);
    fuzzCase.mutations.push({ kind, detail: `argv: ${JSON.stringify(option)}` });
    return;
  }
  const manifests = [...fuzzCase.files.keys()].filter((file) => file !== SCENARIO_FILE);
  const file = manifests.length > 0 && prng.chance(0.35) ? prng.pick(manifests) : SCENARIO_FILE;
  const text = fuzzCase.files.get(file) ?? '';
  const changed = kind in TEXT_MUTATIONS
    ? TEXT_MUTATIONS[kind as TextMutationKind](text, prng)
    : mutateYamlFile(text, kind as YamlMutationKind, file === SCENARIO_FILE, prng, placeholders);
  if (!changed) return;
  fuzzCase.files.set(file, changed.text);
  fuzzCase.mutations.push({ kind, detail: `${file}: ${changed.detail}` });
}

/** One structural mutation of one document of a YAML file; undefined when it does not apply. */
function mutateYamlFile(
  text: string,
  kind: YamlMutationKind,
  isScenario: boolean,
  prng: Prng,
  placeholders: Map<string, string>,
): { text: string; detail: string } | undefined {
  const docs = parseAllDocuments(text);
  if (!Array.isArray(docs) || docs.length === 0 || docs.some((doc) => doc.errors.length > 0)) return undefined;
  const which = prng.int(docs.length);
  const target: YamlTarget = { doc: docs[which]!, prng, isScenario: isScenario && which === 0, placeholders };
  const detail = YAML_MUTATIONS[kind](target);
  if (detail === undefined) return undefined;
  capSizes(target.doc);
  try {
    const out = docs.map((doc, i) => (i > 0 && !doc.toString().startsWith('---') ? `---\n${doc.toString()}` : doc.toString())).join('');
    return { text: out, detail };
  } catch {
    return undefined;
  }
}

/** Counts the simulator would build (nodes, replicas) kept at most SIZE_CAP. */
function capSizes(doc: Document): void {
  for (const slot of slotsOf(doc)) {
    const key = slot.pair && keyName(slot.pair);
    if (key !== undefined && SIZE_KEYS.has(key) && isScalar(slot.node) && typeof slot.node.value === 'number') {
      slot.node.value = capSize(slot.node.value);
    }
  }
}

/** The paths of the scenario document (for `--set`), none when it does not parse. */
function scenarioPaths(text: string): YamlPath[] {
  const [doc] = parseAllDocuments(text);
  if (!doc || !('errors' in doc) || doc.errors.length > 0) return [];
  return slotsOf(doc)
    .map((slot) => slot.path)
    .filter((path) => path.length > 0 && path.every((segment) => typeof segment === 'number' || /^[^.[\]\s=]+$/.test(segment)));
}

/** One line naming the case: its number, start, mutations and command line. */
export function describeCase(fuzzCase: FuzzCase): string {
  const mutations = fuzzCase.mutations.map((m) => `${m.kind} (${m.detail})`).join('; ') || 'no mutation';
  return `case ${fuzzCase.index} (seed ${fuzzCase.seed}): ${fuzzCase.origin}; ${mutations}; sim ${fuzzCase.argv.map((a) => JSON.stringify(a)).join(' ')}`;
}
