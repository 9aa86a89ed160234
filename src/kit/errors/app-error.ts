/** A message in every language the API speaks. */
export interface Localized {
  readonly en: string;
  readonly fa: string;
}

/** One entry of the error catalogue: a stable code, its HTTP status and its messages. */
export interface ErrorDefinition {
  readonly code: string;
  readonly status: number;
  readonly title: Localized;
  readonly detail: Localized;
}

/** One failed field of a validation problem. Never carries the submitted value. */
export interface FieldError {
  readonly path: string;
  readonly message: string;
}

/**
 * RFC 6750's bearer challenge a 401 carries: bare when no token came, `invalid_token` when
 * one was refused. Data only: the HTTP layer renders it as `WWW-Authenticate`.
 */
export interface BearerChallenge {
  readonly error?: 'invalid_token';
}

/** The rate-limit policy a 429 answers under, and where its window stands. */
export interface RateLimitState {
  readonly policy: {
    readonly name: string;
    readonly limit: number;
    readonly windowSeconds: number;
  };
  readonly remaining: number;
  readonly resetSeconds: number;
}

/**
 * What one occurrence of an error says beyond its catalogue entry. Errors carry data, never
 * HTTP headers: the problem renderer turns `retryAfterSeconds` into `Retry-After`,
 * `bearerChallenge` into `WWW-Authenticate` and `allow` into `Allow`.
 */
export interface AppErrorOptions {
  /** Overrides the catalogue's default detail for this occurrence. */
  readonly detail?: Localized;
  readonly errors?: readonly FieldError[];
  /** When trying again may succeed, in whole seconds (a lock that runs out, a storage fault). */
  readonly retryAfterSeconds?: number;
  /** The authentication scheme the client should use, for a 401. */
  readonly bearerChallenge?: BearerChallenge;
  /** The limit a 429 answers under: rendered as `RateLimit-Policy` and `RateLimit`. */
  readonly rateLimit?: RateLimitState;
  /** The methods the path supports, for a 405. */
  readonly allow?: readonly string[];
  readonly cause?: unknown;
}

/**
 * The one base class of every error the service reports to a client. Logic throws these;
 * the HTTP layer's single `onError` renders them as RFC 9457 problem documents.
 *
 * @example
 * throw new NotFoundError({ detail: { en: 'No such thing.', fa: 'چنین چیزی نیست.' } });
 */
export class AppError extends Error {
  readonly definition: ErrorDefinition;
  readonly code: string;
  readonly status: number;
  readonly title: Localized;
  readonly detail: Localized;
  readonly errors: readonly FieldError[] | undefined;
  readonly retryAfterSeconds: number | undefined;
  readonly bearerChallenge: BearerChallenge | undefined;
  readonly allow: readonly string[] | undefined;
  readonly rateLimit: RateLimitState | undefined;

  constructor(definition: ErrorDefinition, options: AppErrorOptions = {}) {
    super(options.detail?.en ?? definition.detail.en, { cause: options.cause });
    this.definition = definition;
    this.code = definition.code;
    this.status = definition.status;
    this.title = definition.title;
    this.detail = options.detail ?? definition.detail;
    this.errors = options.errors;
    this.retryAfterSeconds = options.retryAfterSeconds;
    this.bearerChallenge = options.bearerChallenge;
    this.allow = options.allow;
    this.rateLimit = options.rateLimit;
  }

  /**
   * The same error (same class, code, message, stack and own fields) with a bearer
   * challenge: how the authentication guard marks the 401s it answers.
   *
   * @example
   * throw error.withBearerChallenge({ error: 'invalid_token' });
   */
  withBearerChallenge(bearerChallenge: BearerChallenge): this {
    const copy = Object.create(
      Object.getPrototypeOf(this) as object,
      Object.getOwnPropertyDescriptors(this),
    ) as this;
    Object.defineProperties(copy, {
      bearerChallenge: { value: bearerChallenge, enumerable: true, writable: false },
      // V8 keeps the stack behind an accessor bound to the original object.
      stack: { value: this.stack, writable: true, configurable: true },
    });
    return copy;
  }
}

/** The class `defineError` makes: an `AppError` whose catalogue entry is fixed. */
export type AppErrorClass = (new (options?: AppErrorOptions) => AppError) & {
  readonly definition: ErrorDefinition;
};

/**
 * Makes the class for one catalogue entry, named so stack traces and logs read well.
 *
 * @example
 * export const UserNotFoundError = defineError('UserNotFoundError', { code: 'USER_NOT_FOUND', status: 404, … });
 */
export function defineError(name: string, definition: ErrorDefinition): AppErrorClass {
  const ErrorClass = class extends AppError {
    static readonly definition = definition;
    constructor(options?: AppErrorOptions) {
      super(definition, options);
      this.name = name;
    }
  };
  Object.defineProperty(ErrorClass, 'name', { value: name });
  return ErrorClass;
}
