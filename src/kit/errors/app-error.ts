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

export interface AppErrorOptions {
  /** Overrides the catalogue's default detail for this occurrence. */
  readonly detail?: Localized;
  readonly errors?: readonly FieldError[];
  /** Response headers the problem needs, e.g. `Retry-After` or `WWW-Authenticate`. */
  readonly headers?: Readonly<Record<string, string>>;
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
  readonly headers: Readonly<Record<string, string>>;

  constructor(definition: ErrorDefinition, options: AppErrorOptions = {}) {
    super(options.detail?.en ?? definition.detail.en, { cause: options.cause });
    this.definition = definition;
    this.code = definition.code;
    this.status = definition.status;
    this.title = definition.title;
    this.detail = options.detail ?? definition.detail;
    this.errors = options.errors;
    this.headers = options.headers ?? {};
  }

  /** The same error with more response headers: how the HTTP layer adds `WWW-Authenticate`. */
  withHeaders(headers: Readonly<Record<string, string>>): AppError {
    const copy = new AppError(this.definition, {
      detail: this.detail,
      ...(this.errors ? { errors: this.errors } : {}),
      headers: { ...this.headers, ...headers },
      cause: this.cause,
    });
    copy.name = this.name;
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
