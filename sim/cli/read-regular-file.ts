// The CLI's file reader (the scenario file and every manifest it applies): regular files only, up to
// a size limit, so that `file: /dev/zero`, a FIFO or a directory is a problem on the scenario's line
// instead of a read that never ends or never starts.
import { closeSync, constants, fstatSync, openSync, readSync, statSync, type Stats } from 'node:fs';

/** Far above any scenario: `sim generate --preset seed-limit` (50 000 pods) writes about 250 KB. */
export const MAX_FILE_BYTES = 64 * 1024 * 1024;

const CHUNK_BYTES = 1024 * 1024;

/** The file's text; throws an Error saying why for anything but a regular file of at most `maxBytes`. */
export function readRegularFile(path: string, maxBytes = MAX_FILE_BYTES): string {
  // Checked before opening: opening a FIFO waits for a writer, and opening a socket fails with an
  // unhelpful ENXIO.
  refuseUnlessRegular(statSync(path), maxBytes);
  // O_NONBLOCK: should the path have become a FIFO since, open returns at once and fstat refuses it.
  const fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  try {
    refuseUnlessRegular(fstatSync(fd), maxBytes);
    return readAtMost(fd, maxBytes).toString('utf8');
  } finally {
    closeSync(fd);
  }
}

function refuseUnlessRegular(stats: Stats, maxBytes: number): void {
  if (!stats.isFile()) throw new Error(`${describeFileType(stats)}, not a regular file`);
  if (stats.size > maxBytes) throw new Error(tooLarge(maxBytes, stats.size));
}

/** Reads to the end, but never past `maxBytes` (a regular file may still grow while it is read). */
function readAtMost(fd: number, maxBytes: number): Buffer {
  const chunks: Buffer[] = [];
  let total = 0;
  for (;;) {
    const chunk = Buffer.allocUnsafe(CHUNK_BYTES);
    const read = readSync(fd, chunk, 0, CHUNK_BYTES, null);
    if (read === 0) return Buffer.concat(chunks, total);
    total += read;
    if (total > maxBytes) throw new Error(tooLarge(maxBytes));
    chunks.push(read === CHUNK_BYTES ? chunk : chunk.subarray(0, read));
  }
}

function tooLarge(maxBytes: number, sizeBytes?: number): string {
  const size = sizeBytes === undefined ? '' : `${formatMiB(sizeBytes)}, `;
  return `${size}larger than the ${formatMiB(maxBytes)} limit for scenario and manifest files`;
}

function formatMiB(bytes: number): string {
  return `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MiB`;
}

function describeFileType(stats: Stats): string {
  if (stats.isDirectory()) return 'a directory';
  if (stats.isFIFO()) return 'a FIFO (named pipe)';
  if (stats.isCharacterDevice()) return 'a character device';
  if (stats.isBlockDevice()) return 'a block device';
  if (stats.isSocket()) return 'a socket';
  return 'some other kind of file';
}
