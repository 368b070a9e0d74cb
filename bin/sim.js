#!/usr/bin/env -S node --max-semi-space-size=64 --initial-old-space-size=1024 --v8-pool-size=0
// The `sim` command: runs the compiled CLI (npm ci builds it through the `prepare` script).
// The V8 flags are NODE_FLAGS (sim/cli/node-flags.ts says why; docs/benchmarks.md what they buy).
// `env -S` passes them on Linux and macOS.
import { main } from '../dist/sim/cli/main.js';

main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
