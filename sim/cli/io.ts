// What the CLI touches of the outside world, so that tests can run `main` over in-memory files and
// strings (process-io.ts gives the real process's).

export interface Io {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  readFile: (path: string) => string;
  /** Draw progress on stderr (a terminal, and no --quiet). */
  progress?: boolean;
  /** Print the stack of an internal error (SIM_DEBUG=1). */
  debug?: boolean;
}
