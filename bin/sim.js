#!/usr/bin/env -S node --max-semi-space-size=64
// The `sim` command: runs the compiled CLI (npm ci builds it through the `prepare` script).
// A young generation of 64 MB (V8's default is 16 MB) lets the short-lived objects of each
// controller's reconcile die before they are copied: about a fifth off a 50 000-pod run
// (docs/benchmarks.md). `env -S` passes the flag on Linux and macOS.
import { main } from '../dist/sim/cli/main.js';

main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
