// The real process's Io: stdout and stderr, regular files only (read-regular-file.ts), and a reader
// that goes away (`sim run BIG.yaml | head -1`) ends the output quietly instead of crashing.
import type { Io } from './io.js';
import { readRegularFile } from './read-regular-file.js';

/** Exit status for output that could not be written for another reason than a closed reader (sysexits' EX_IOERR). */
export const EXIT_OUTPUT_FAILED = 74;

let made: Io | undefined;

/** The process's Io; made once, as it listens on process.stdout and process.stderr. */
export function processIo(): Io {
  made ??= {
    stdout: writerOf(process.stdout),
    stderr: writerOf(process.stderr),
    readFile: (path) => readRegularFile(path),
    progress: process.stderr.isTTY === true,
    debug: process.env['SIM_DEBUG'] === '1',
  };
  return made;
}

/**
 * Writes to `stream` until its reader goes away. Node ignores SIGPIPE, so a closed pipe shows up as
 * an EPIPE 'error' event, which crashes the process with a stack trace unless someone listens. Tools
 * killed by SIGPIPE exit 141, which under `set -o pipefail` turns `sim run x | head` into a failure
 * the reader caused; instead sim stops writing and exits with the status the command had already
 * decided (0 every probe passed, 1 some failed, …): the report was complete, only nobody read the
 * rest of it (ripgrep, for one, also ends quietly on a broken pipe rather than by the signal).
 */
function writerOf(stream: NodeJS.WriteStream): (text: string) => void {
  let closed = false;
  stream.on('error', (error: NodeJS.ErrnoException) => {
    closed = true;
    if (error.code === 'EPIPE') return;
    if (stream !== process.stderr) process.stderr.write(`sim: cannot write the output: ${error.message}\n`);
    process.exit(EXIT_OUTPUT_FAILED);
  });
  return (text) => {
    if (!closed && !stream.destroyed) stream.write(text);
  };
}
