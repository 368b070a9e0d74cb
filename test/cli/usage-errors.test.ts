// A command line sim cannot run stops it before anything runs: nothing on stdout, the problem and the
// usage of the command it was given to on stderr, exit 2 (scenario.md's status for invalid input).
import { describe, expect, it } from 'vitest';
import { helpOf, runCli } from './run-cli.js';

const SEED = 'scenarios/l3-cudn.yaml';

describe.each([
  // [command line, the command whose usage follows, the problem]
  [['run', SEED, '-o', 'xml'], 'run', 'invalid --output "xml": expected one of "text", "json"'],
  [['compare', SEED, '-o', 'xml'], 'compare', 'invalid --output "xml": expected one of "text", "json"'],
  [['get', 'pods', SEED, '-o', 'xml'], 'get', 'invalid --output "xml": expected one of "wide", "yaml", "json"'],
  [['run', SEED, '--sett', 'x=1'], 'run', 'unknown option --sett'],
  [['run', SEED, '--foo-bar'], 'run', 'unknown option --foo-bar'],
  [['get', 'pods', SEED, '-x'], 'get', 'unknown option -x'],
  [['run', SEED, 'extra'], 'run', 'unexpected argument "extra"'],
  [['compare', SEED, 'extra'], 'compare', 'unexpected argument "extra"'],
  [['get', 'pods', SEED, 'extra'], 'get', 'unexpected argument "extra"'],
  [['generate', 'extra'], 'generate', 'unexpected argument "extra"'],
  [['completion', 'extra'], 'completion', 'unexpected argument "extra"'],
  [['docs', 'extra'], 'docs', 'unexpected argument "extra"'],
  [['run', SEED, '--set', 'a=1', 'b=2'], 'run', 'unexpected argument "b=2"'],
  [['run'], 'run', 'missing the <file> argument'],
  [['compare', '-o', 'json'], 'compare', 'missing the <file> argument'],
  [['get'], 'get', 'missing the <resource> and <file> arguments'],
  [['get', 'pods'], 'get', 'missing the <file> argument'],
  [['run', SEED, '-o'], 'run', '-o needs a value'],
  [['run', SEED, '--set'], 'run', '--set needs a value'],
  [['get', 'pods', SEED, '--at', 'soon'], 'get', 'invalid --at "soon": expected a duration like 500ms, 30s, 2m or 1m30s (or a number of milliseconds)'],
  [['get', 'pods', SEED, '--at', '0.5ms'], 'get', 'invalid --at "0.5ms": "0.5ms" is not a whole number of milliseconds (the virtual clock counts whole milliseconds)'],
  [['get', 'pods', SEED, '--at', '200h'], 'get', 'invalid --at "200h": "200h" is more than the simulator\'s limit of 168h of virtual time'],
  [['run', SEED, '--set.x', '1'], 'run', 'unknown option --set.x'],
  [['run', SEED, '--constructor', 'x'], 'run', 'unknown option --constructor'],
  [['generate', '--preset', 'huge'], 'generate', 'invalid --preset "huge": expected one of "small", "medium", "seed-limit"'],
  [['generate', '--topology', 'Layer4'], 'generate', 'invalid --topology "Layer4": expected one of "Layer3", "Layer2"'],
  [['generate', '--nodes'], 'generate', '--nodes needs a value'],
  [['frobnicate'], undefined, 'unknown command "frobnicate"'],
  [['frobnicate', SEED], undefined, 'unknown command "frobnicate"'],
  [[], undefined, 'missing command'],
  [['--quiet', 'run', SEED], undefined, 'unknown option --quiet'],
] as const)('sim %j', (argv, command, problem) => {
  it(`exits 2 with "${problem}" and the usage of sim ${command ?? ''} on stderr, nothing on stdout, nothing read`, async () => {
    const result = await runCli([...argv]);
    expect(result).toEqual({ code: 2, stdout: '', stderr: `sim: ${problem}\n\n${await helpOf(command)}`, reads: [] });
  });
});

describe('the usage printed with an error', () => {
  it.each(['run', 'compare', 'get', 'generate', 'completion', 'docs'])("of sim %s shows only that command's examples", async (command) => {
    const { stderr } = await runCli([command, '--no-such-option']);
    const examples = (stderr.split('\nExamples:\n')[1]?.split('\n\n')[0]?.split('\n') ?? []).filter((line) => line.trim() !== '');
    if (command !== 'docs') expect(examples.length).toBeGreaterThan(0);
    for (const line of examples) expect(line).toMatch(new RegExp(`^  sim ${command} | {20}`)); // or a wrapped description
    expect(stderr).not.toContain('Try: sim run');
  });
});
