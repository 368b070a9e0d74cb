// `npm run fuzz -- --exec`: runs bin/sim.js exactly as a user's shell would (its own file reader,
// stdout, stderr and exit code), and on exit writes this process's peak RSS (KiB) to fd 3.
import { writeSync } from 'node:fs';

process.on('exit', () => {
  try {
    writeSync(3, `${process.resourceUsage().maxRSS}\n`);
  } catch {
    // fd 3 is the fuzzer's; without it (run by hand) there is no one to tell.
  }
});

await import(new URL('../../bin/sim.js', import.meta.url).href);
