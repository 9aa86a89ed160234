/** A sink for log lines that writes them in batches; `flush` writes what is pending now. */
export interface BatchedLines {
  readonly write: (line: string) => void;
  readonly flush: () => void;
}

/**
 * Collects log lines and writes them with one `out` call per turn of the event loop (or
 * sooner, once `maxBytes` are pending) instead of one synchronous write per line: the
 * request log's cost on Node. Lines keep their order. Whoever owns the process flushes at
 * exit (`serveUntilSignal` does, and on `process.on('exit')`).
 *
 * @example
 * const lines = createBatchedLines({ out: (chunk) => process.stdout.write(chunk) });
 * const logger = createLogger({ level: 'info', write: lines.write });
 */
export function createBatchedLines({
  out,
  maxBytes = 64 * 1024,
  schedule = (task: () => void) => {
    setImmediate(task);
  },
}: {
  out: (chunk: string) => void;
  maxBytes?: number;
  schedule?: (task: () => void) => void;
}): BatchedLines {
  let pending = '';
  let scheduled = false;
  const flush = () => {
    scheduled = false;
    if (pending === '') return;
    const chunk = pending;
    pending = '';
    out(chunk);
  };
  return {
    write(line) {
      pending += `${line}\n`;
      if (pending.length >= maxBytes) flush();
      else if (!scheduled) {
        scheduled = true;
        schedule(flush);
      }
    },
    flush,
  };
}
