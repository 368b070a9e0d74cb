// bin/sim.js runs with the V8 flags the benchmarks measure, through its shebang.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { NODE_FLAGS } from '../../sim/cli/node-flags.js';

describe('bin/sim.js', () => {
  it('passes NODE_FLAGS to node in its shebang', () => {
    const shebang = readFileSync('bin/sim.js', 'utf8').split('\n')[0];
    expect(shebang).toBe(`#!/usr/bin/env -S node ${NODE_FLAGS.join(' ')}`);
  });

  it('runs as an executable (the shebang works on this system)', () => {
    const out = execFileSync('./bin/sim.js', ['--help'], { encoding: 'utf8' });
    expect(out).toContain('sim run');
  });
});
