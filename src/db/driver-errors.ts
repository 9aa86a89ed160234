import { AppError } from '../kit/errors/app-error.ts';

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
    this.operation = operation;
    this.code = code;
    this.name = 'DatabaseError';
  }
}

/** The driver's error code (`SQLITE_BUSY`, `SERVER_ERROR`, …) anywhere in the cause chain. */
function driverCode(error: unknown): string {
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    if ('code' in e && typeof e.code === 'string') return e.code;
  }
  return 'UNKNOWN';
}

type AsyncMethods = Record<string, (...args: never[]) => Promise<unknown>>;

/**
 * Wraps every method of a database adapter so that no driver error escapes it: `translate`
 * turns the errors the domain knows (a unique violation) into catalogue errors; anything
 * else becomes a `DatabaseError`.
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
        throw translate(error) ?? new DatabaseError(`${adapter}.${name}`, driverCode(error));
      }
    },
  ]);
  return Object.fromEntries(guarded) as T;
}
