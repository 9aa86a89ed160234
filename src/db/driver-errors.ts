import { AppError } from '../kit/errors/app-error.ts';
import { ServiceUnavailableError } from '../kit/errors/catalogue.ts';

/** What a client is told to wait before retrying a request that met a storage fault. */
const STORAGE_RETRY_AFTER_SECONDS = 5;

/**
 * A database failure the adapter did not expect, as it leaves the adapter: the operation and
 * the driver's code, never the driver's message, which quotes the SQL and its parameters
 * (emails, password hashes) and would carry them into the log.
 */
export class DatabaseError extends Error {
  readonly operation: string;
  readonly code: string;

  constructor(operation: string, code: string) {
    super(`database operation ${operation} failed (${code})`);
    this.name = 'DatabaseError';
    this.operation = operation;
    this.code = code;
  }
}

/**
 * The driver's error code (`SQLITE_BUSY`, `SERVER_ERROR`, `ECONNREFUSED`, …) anywhere in the
 * cause chain; `TIMEOUT` for an aborted remote request, `FETCH_FAILED` for a remote request
 * that failed below HTTP with no code of its own.
 */
function driverCode(error: unknown): string {
  let fetchFailed = false;
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 6; e = e.cause, depth++) {
    if ('code' in e && typeof e.code === 'string') return e.code;
    if (e.name === 'TimeoutError' || e.name === 'AbortError') return 'TIMEOUT';
    if (e instanceof TypeError && /fetch|network/i.test(e.message)) fetchFailed = true;
  }
  return fetchFailed ? 'FETCH_FAILED' : 'UNKNOWN';
}

/**
 * Storage that cannot serve now but may soon: a lock held too long, a file that is read-only,
 * missing or failing, a remote database that refuses, times out or answers 5xx. These are
 * 503s; anything else (a constraint, bad SQL) is a bug and stays a 500.
 */
const UNAVAILABLE =
  /^(SQLITE_(BUSY|LOCKED|READONLY|IOERR|CANTOPEN|FULL|PROTOCOL|NOTADB|CORRUPT|PERM|NOLFS|AUTH)|SERVER_ERROR|HRANA_|STREAM_|CLIENT_CLOSED|TIMEOUT|FETCH_FAILED|UND_ERR|E[A-Z]+$)/;

function isStorageUnavailable(code: string): boolean {
  return UNAVAILABLE.test(code);
}

/** A request that met a storage fault: 503 with `Retry-After`, the fault in its cause. */
function storageUnavailable(operation: string, code: string): AppError {
  return new ServiceUnavailableError({
    detail: {
      en: 'The database is unavailable right now. Try again shortly.',
      fa: 'پایگاه داده اکنون در دسترس نیست. کمی بعد دوباره تلاش کنید.',
    },
    retryAfterSeconds: STORAGE_RETRY_AFTER_SECONDS,
    cause: new DatabaseError(operation, code),
  });
}

type AsyncMethods = Record<string, (...args: never[]) => Promise<unknown>>;

/**
 * Wraps every method of a database adapter so that no driver error escapes it: `translate`
 * turns the errors the domain knows (a unique violation) into catalogue errors; a storage
 * fault becomes a 503; anything else becomes a `DatabaseError`.
 *
 * @example
 * return guardDriverErrors('users', { async insert(…) {…} }, (e) => …);
 */
export function guardDriverErrors<T extends AsyncMethods>(
  adapter: string,
  methods: T,
  translate: (error: unknown) => AppError | undefined = () => undefined,
): T {
  const guarded = Object.entries(methods).map(([name, method]) => [
    name,
    async (...args: never[]) => {
      try {
        return await method(...args);
      } catch (error) {
        if (error instanceof AppError) throw error;
        const translated = translate(error);
        if (translated) throw translated;
        const code = driverCode(error);
        const operation = `${adapter}.${name}`;
        if (isStorageUnavailable(code)) throw storageUnavailable(operation, code);
        throw new DatabaseError(operation, code);
      }
    },
  ]);
  return Object.fromEntries(guarded) as T;
}
