/* What global-setup.ts provides to the workerd tests. */
export {};

declare module 'vitest' {
  export interface ProvidedContext {
    /** The libSQL stand-in's URL. */
    libsqlUrl: string;
  }
}
