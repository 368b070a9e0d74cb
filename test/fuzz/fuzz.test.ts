// No input makes `sim` crash (style.md "Errors", scenario.md exit statuses): 300 damaged scenarios and
// command lines from the shared generator (fuzz/cases.ts), seeded, so a failure names its case and
// `npm run fuzz -- --seed 20260 --case N` replays it. Each runs through main() in-process and must
// resolve with 0, 1 or 2, with no stack trace and nothing printed or exited behind the Io's back.
import { describe, expect, it } from 'vitest';
import { loadCorpus } from '../../fuzz/corpus.js';
import { MUTATION_KINDS, describeCase, makeCase } from '../../fuzz/cases.js';
import { knownFailure, skipInProcess } from '../../fuzz/known-failures.js';
import { judge, runCase } from '../../fuzz/run-case.js';

const SEED = 20260;
const CASE_COUNT = 300;

const corpus = loadCorpus();
const indexes = Array.from({ length: CASE_COUNT }, (_, i) => i);

describe('the fuzz case generator', () => {
  it('makes the same case from the same seed and number', () => {
    for (const index of [0, 17, 299]) {
      const [a, b] = [makeCase(corpus, SEED, index), makeCase(corpus, SEED, index)];
      expect({ ...a, files: [...a.files] }).toEqual({ ...b, files: [...b.files] });
    }
  });

  it('uses every mutation and every command within the suite’s cases', () => {
    const cases = indexes.map((index) => makeCase(corpus, SEED, index));
    const kinds = new Set(cases.flatMap((c) => c.mutations.map((m) => m.kind)));
    expect(MUTATION_KINDS.filter((kind) => !kinds.has(kind))).toEqual([]);
    expect(new Set(cases.map((c) => c.command))).toEqual(new Set(['run', 'get', 'compare', 'generate', 'junk']));
  });
});

describe('sim on fuzzed input', () => {
  it.for(indexes)('case %i ends in exit 0, 1 or 2 with no exception, stack trace or side effect', async (index, { skip }) => {
    const fuzzCase = makeCase(corpus, SEED, index);
    const skipReason = skipInProcess(fuzzCase);
    if (skipReason !== undefined) skip(`would hang this process (${skipReason}): ${describeCase(fuzzCase)}`);
    const outcome = await runCase(fuzzCase);
    const unexpected = judge(outcome).filter((failure) => knownFailure(failure, fuzzCase) === undefined);
    expect(unexpected.map((failure) => failure.message), describeCase(fuzzCase)).toEqual([]);
    if (outcome.code !== undefined) expect([0, 1, 2]).toContain(outcome.code);
  });
});
