// The `sim` command (scenario.md): the only code that touches argv, files, stdout and exit codes.
import { readFileSync } from 'node:fs';
import yargs from 'yargs';
import { formatProblem } from '../scenario/format-problem.js';
import { loadScenario } from '../scenario/load-scenario.js';
import { checkProbeCommands, runScenario } from '../run/run-scenario.js';
import { renderJsonReport } from '../report/json-report.js';
import { renderTextReport } from '../report/text-report.js';

export interface Io {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  readFile: (path: string) => string;
}

const processIo: Io = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  readFile: (path) => readFileSync(path, 'utf8'),
};

/** Runs one scenario and prints its report; returns the exit status of scenario.md. */
export function runCommand(file: string, sets: string[], output: 'text' | 'json', io: Io): number {
  const loaded = loadScenario(file, sets, io.readFile);
  if (!loaded.ok) {
    io.stderr(`${loaded.problems.map(formatProblem).join('\n')}\n`);
    return 2;
  }
  const { problems, requests } = checkProbeCommands(loaded.scenario);
  if (problems.length > 0) {
    io.stderr(`${problems.map(formatProblem).join('\n')}\n`);
    return 2;
  }
  const result = runScenario(loaded.scenario, requests);
  io.stdout(output === 'json' ? renderJsonReport(result) : renderTextReport(result));
  return result.pass ? 0 : 1;
}

export async function main(argv: string[], io: Io = processIo): Promise<number> {
  let code = 0;
  await yargs(argv)
    .scriptName('sim')
    .command(
      'run <file>',
      'run a scenario and print what the cluster and the tools would show',
      (y) =>
        y
          .positional('file', { type: 'string', demandOption: true, describe: 'scenario YAML file' })
          .option('output', { alias: 'o', choices: ['text', 'json'] as const, default: 'text' as const, describe: 'report format' })
          .option('set', { type: 'string', array: true, default: [] as string[], describe: 'override a scenario field: dotted.path=value (repeatable)' }),
      (args) => {
        code = runCommand(args.file, args.set.map(String), args.output, io);
      },
    )
    .demandCommand(1, 'name a command: sim run FILE')
    .strict()
    .fail((message, error) => {
      if (error) throw error;
      io.stderr(`sim: ${message}\nTry: sim run scenarios/l3-cudn.yaml\n`);
      code = 2;
    })
    .help()
    .parseAsync();
  return code;
}
