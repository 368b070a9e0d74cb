// A failing case as a directory a person can run: the case's files, its command line and a README
// saying what went wrong and the two ways to replay it (the fuzzer's worker, or the real `sim`).
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describeCase, type FuzzCase } from './cases.js';

export function reproducerDir(outDir: string, fuzzCase: FuzzCase): string {
  return resolve(outDir, `seed-${fuzzCase.seed}-case-${fuzzCase.index}`);
}

/** Writes the case under `outDir` and returns its directory. */
export function writeReproducer(outDir: string, fuzzCase: FuzzCase, repo: string, findings: readonly string[]): string {
  const dir = reproducerDir(outDir, fuzzCase);
  writeCaseFiles(dir, fuzzCase);
  const readme = [
    describeCase(fuzzCase),
    '',
    'Found:',
    ...findings.map((finding) => `  ${finding}`),
    '',
    'Replay in the fuzzer (in-process, files served from memory; add --exec for a real process):',
    `  npm run fuzz -- --seed ${fuzzCase.seed} --case ${fuzzCase.index}`,
    'Replay with the real command, from this directory:',
    `  cd ${shellQuote(dir)} && mkfifo fifo.yaml; node ${shellQuote(join(repo, 'bin/sim.js'))} ${fuzzCase.argv.map(shellQuote).join(' ')}`,
    '',
  ];
  writeFileSync(join(dir, 'README.txt'), readme.join('\n'));
  return dir;
}

/** The case's files and its command line (argv.json) under `dir`. */
export function writeCaseFiles(dir: string, fuzzCase: FuzzCase): void {
  mkdirSync(dir, { recursive: true });
  for (const [file, text] of fuzzCase.files) {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    writeFileSync(join(dir, file), text);
  }
  writeFileSync(join(dir, 'argv.json'), `${JSON.stringify(fuzzCase.argv)}\n`);
}

export function shellQuote(word: string): string {
  if (/^[\w@%+=:,./-]+$/.test(word)) return word;
  if (/^[\x20-\x7e]*$/.test(word)) return `'${word.replace(/'/g, `'\\''`)}'`;
  // Bytes a terminal would mangle: bash's $'…' with escapes.
  const escaped = [...word].map((c) => (/[\x20-\x7e]/.test(c) && c !== "'" && c !== '\\' ? c : c === "'" ? "\\'" : c === '\\' ? '\\\\' : [...Buffer.from(c)].map((b) => `\\x${b.toString(16).padStart(2, '0')}`).join(''))).join('');
  return `$'${escaped}'`;
}
