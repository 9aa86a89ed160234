import { isoTime } from '../time/iso-time.ts';

export const LOG_LEVELS = ['debug', 'info', 'warn', 'error', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export type LogFields = Readonly<Record<string, unknown>>;

/** A structured logger: every call writes one JSON line. Runs on Node and in workerd. */
export interface Logger {
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
}

const rank: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 99 };

/**
 * Makes a JSON-lines logger that drops entries below `level`.
 *
 * @example
 * const log = createLogger({ level: 'info' });
 * log.info('request', { method: 'GET', path: '/health', status: 200 });
 */
export function createLogger({
  level = 'info',
  write = (line: string) => {
    console.log(line);
  },
}: { level?: LogLevel; write?: (line: string) => void } = {}): Logger {
  const at =
    (entryLevel: Exclude<LogLevel, 'silent'>) =>
    (msg: string, fields: LogFields = {}): void => {
      if (rank[entryLevel] < rank[level]) return;
      // The same line as JSON.stringify({ time, level, msg, ...fields }) (a field named
      // time, level or msg is written after ours, and readers keep the last), without
      // copying the fields into a new object first.
      const rest = JSON.stringify(fields);
      write(
        `{"time":"${isoTime(new Date())}","level":"${entryLevel}","msg":${JSON.stringify(msg)}${
          rest.length > 2 ? `,${rest.slice(1)}` : '}'
        }`,
      );
    };
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

/** Describes an unknown thrown value for a log line, with its stack: for the server's log only. */
export function describeError(error: unknown): LogFields {
  if (error instanceof Error) {
    return { error: error.name, message: error.message, stack: error.stack };
  }
  return { error: String(error) };
}
