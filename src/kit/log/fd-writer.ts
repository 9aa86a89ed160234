import { writeSync as fsWriteSync } from 'node:fs';

/** What `createFdWriter` needs; tests pass their own. */
export interface FdWriterOptions {
  /** The descriptor written to: 1, standard output, unless told. */
  readonly fd?: number;
  readonly writeSync?: (fd: number, data: string | Uint8Array) => number;
  /** Takes the rest of the first chunk the descriptor refused, and every chunk after it. */
  readonly fallback?: (chunk: string | Uint8Array) => void;
}

/**
 * Writes log chunks to a file descriptor with `fs.writeSync` instead of through
 * `process.stdout`. Measured on the Node server at 3 300 GET by id a second
 * (tools/bench/notes.md, eleventh pass): through the stream, V8's old space grew about 1 MB a
 * second and a full mark-compact, a 9-ms pause, came every ~8 s, most of the p99 at that load;
 * written here, none came in 32 s, as with no request log at all. A short write continues
 * from where it stopped. A write the descriptor refuses (`EAGAIN` from a non-blocking pipe,
 * `EPIPE`, …) hands the rest of that chunk and every later one to `fallback`, `process.stdout`
 * unless told, which then does what Node does; the lines keep their order.
 *
 * @example
 * const lines = createBatchedLines({ out: createFdWriter() });
 */
export function createFdWriter({
  fd = 1,
  writeSync = (to, data) =>
    typeof data === 'string' ? fsWriteSync(to, data) : fsWriteSync(to, data),
  fallback = (chunk: string | Uint8Array) => {
    process.stdout.write(chunk);
  },
}: FdWriterOptions = {}): (chunk: string) => void {
  let fellBack = false;
  return (chunk) => {
    if (fellBack) {
      fallback(chunk);
      return;
    }
    let done = 0;
    let bytes: Uint8Array | undefined;
    try {
      done = writeSync(fd, chunk);
      const length = Buffer.byteLength(chunk);
      while (done < length) {
        bytes ??= Buffer.from(chunk);
        const more = writeSync(fd, bytes.subarray(done));
        // No progress is a refusal too: never spin on a descriptor that takes nothing.
        if (more <= 0) throw new Error(`fd ${fd} took no bytes`);
        done += more;
      }
    } catch {
      fellBack = true;
      fallback(done === 0 ? chunk : (bytes ?? Buffer.from(chunk)).subarray(done));
    }
  };
}
