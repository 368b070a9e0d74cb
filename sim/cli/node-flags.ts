// The V8 flags `sim` runs with (bin/sim.js's shebang passes them; a test keeps the two equal), so
// that the benchmarks measure the process a user runs.
export const NODE_FLAGS: readonly string[] = ['--max-semi-space-size=64'];
