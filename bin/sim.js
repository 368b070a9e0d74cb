#!/usr/bin/env node
// The `sim` command: runs the compiled CLI (npm ci builds it through the `prepare` script).
import { main } from '../dist/sim/cli/main.js';

main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
