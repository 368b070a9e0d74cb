// Test helper: `main` over strings, with a file reader that records what it was asked for (a usage
// error must stop sim before it reads anything).
import { readFileSync } from 'node:fs';
import { main, type Io } from '../../sim/cli/main.js';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
  /** Every path sim asked to read. */
  reads: string[];
}

export async function runCli(argv: string[], overrides: Partial<Io> = {}): Promise<CliResult> {
  const result: CliResult = { code: -1, stdout: '', stderr: '', reads: [] };
  const io: Io = {
    stdout: (text) => void (result.stdout += text),
    stderr: (text) => void (result.stderr += text),
    readFile: (path) => {
      result.reads.push(path);
      return readFileSync(path, 'utf8');
    },
    ...overrides,
  };
  result.code = await main(argv, io);
  return result;
}

/** What `sim COMMAND --help` prints (`sim --help` without a command). */
export async function helpOf(command?: string): Promise<string> {
  const result = await runCli(command === undefined ? ['--help'] : [command, '--help']);
  if (result.code !== 0 || result.stderr !== '') throw new Error(`sim ${command ?? ''} --help failed: ${result.stderr}`);
  return result.stdout;
}

/** The commands a user sees; `docs` is the maintainers' (npm run docs). */
export const USER_COMMANDS = ['run', 'compare', 'get', 'generate', 'completion'] as const;
