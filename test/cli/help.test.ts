// `sim --help`, `sim` alone and `sim COMMAND --help`: every user command listed on a line of its own,
// every option described with its default, the maintainers' `docs` left out, a completion script.
import { describe, expect, it } from 'vitest';
import { PRESETS } from '../../sim/generate/params.js';
import { USER_COMMANDS, helpOf, runCli } from './run-cli.js';

/** The `Commands:` section: one entry per line, `sim NAME …  description`. */
function commandLines(help: string): string[] {
  return help.split('\nCommands:\n')[1]?.split('\n\n')[0]?.split('\n') ?? [];
}

/** Each option of the `Options:` section with the lines it wraps onto. */
function optionEntries(help: string): string[] {
  const lines = help.split('\nOptions:\n')[1]?.split('\n\n')[0]?.split('\n') ?? [];
  const entries: string[] = [];
  for (const line of lines) {
    if (/^ {2}(-\w, )?--|^ {6}--/.test(line)) entries.push(line.trim());
    else entries[entries.length - 1] += ` ${line.trim()}`;
  }
  return entries;
}

describe('sim --help', () => {
  it('lists every user command, each on one line with what it does, and exits 0', async () => {
    const result = await runCli(['--help']);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    const lines = commandLines(result.stdout);
    expect(lines.map((line) => line.trim().split(/\s+/)[1])).toEqual([...USER_COMMANDS]);
    for (const line of lines) expect(line).toMatch(/^ {2}sim \S+.* {2,}[a-z].{20,}$/);
  });

  it('leaves out the maintainers\' docs command, which still answers sim docs --help', async () => {
    expect(await helpOf()).not.toMatch(/sim docs/);
    expect(await helpOf('docs')).toMatch(/^sim docs \[options\]\n\nregenerate the compare matrices in docs\/fixes\.md/);
  });

  it('is what `sim` alone prints on stderr, after saying a command is missing (exit 2)', async () => {
    expect(await runCli([])).toEqual({ code: 2, stdout: '', stderr: `sim: missing command\n\n${await helpOf()}`, reads: [] });
  });
});

describe.each([...USER_COMMANDS, 'docs'])('sim %s --help', (command) => {
  it('prints the command\'s usage on stdout and exits 0', async () => {
    const result = await runCli([command, '--help']);
    expect(result).toMatchObject({ code: 0, stderr: '', reads: [] });
    expect(result.stdout).toMatch(new RegExp(`^sim ${command}\\b`));
  });

  it('describes every option and shows its default', async () => {
    const entries = optionEntries(await helpOf(command)).filter((entry) => !/^--(help|version)\b/.test(entry));
    for (const entry of entries) {
      expect(entry, entry).toMatch(/^(-\w, )?--[\w-]+ +[a-zA-Z"(]/);
      expect(entry, entry).toMatch(/\[default: [^\]]+\]/);
    }
  });
});

describe('sim generate --help', () => {
  it.each(['nodes', 'namespaces', 'replicas', 'probes'] as const)('shows the default of --%s as each preset gives it', async (flag) => {
    const entry = optionEntries(await helpOf('generate')).find((e) => e.startsWith(`--${flag} `));
    const byPreset = Object.entries(PRESETS).map(([preset, params]) => `${params[flag]} (${preset})`).join(', ');
    expect(entry).toContain(`[default: by --preset: ${byPreset}]`);
  });
});

describe('sim completion', () => {
  it('prints a shell script that asks sim for completions', async () => {
    const result = await runCli(['completion']);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain('sim --get-yargs-completions');
    expect(result.stdout).toContain('###-end-sim-completions-###');
  });

  it('completes the user commands (not docs) and an option\'s choices', async () => {
    expect((await runCli(['--get-yargs-completions', 'sim', ''])).stdout).toBe(`${USER_COMMANDS.join('\n')}\n`);
    expect((await runCli(['--get-yargs-completions', 'sim', 'run', 'x.yaml', '-o', ''])).stdout).toBe('text\njson\n');
  });
});
