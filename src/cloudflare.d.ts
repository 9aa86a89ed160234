/*
 * The one Workers module the app imports. Declared here rather than through
 * @cloudflare/workers-types, whose globals clash with Node's in a project that runs on both.
 */
declare module 'cloudflare:workers' {
  /** Keeps the isolate alive for `promise` after the response, from anywhere in a request. */
  export function waitUntil(promise: Promise<unknown>): void;
}
