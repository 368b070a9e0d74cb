// The net under the commands: an exception out of one is a bug in udnsim, said in one line on stderr
// with exit 70; the stack only when asked for (SIM_DEBUG=1 sets Io.debug).
import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

const failingStdout = () => {
  throw new Error('the report writer broke');
};

describe('an exception out of a command', () => {
  it('prints one line naming it as a bug and exits 70', async () => {
    const result = await runCli(['generate'], { stdout: failingStdout });
    expect(result).toEqual({
      code: 70,
      stdout: '',
      stderr: 'sim: internal error: the report writer broke (a bug in udnsim: please report it with the scenario)\n',
      reads: [],
    });
  });

  it('adds the stack when debugging', async () => {
    const result = await runCli(['generate'], { stdout: failingStdout, debug: true });
    expect(result.code).toBe(70);
    const [line, ...stack] = result.stderr.trimEnd().split('\n');
    expect(line).toBe('sim: internal error: the report writer broke (a bug in udnsim: please report it with the scenario)');
    expect(stack[0]).toBe('Error: the report writer broke');
    expect(stack.slice(1).every((frame) => frame.trimStart().startsWith('at '))).toBe(true);
  });
});
