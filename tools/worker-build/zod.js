// What `zod` resolves to in the Worker bundle (wrangler.toml [alias]): zod's entry
// (node_modules/zod/index.js) over a `z` namespace without the ~40 locales, which a bundler
// cannot drop from a namespace used as a whole. Node, Deno and the tests use zod itself.
import * as z from './zod-namespace.js';
export * from './zod-namespace.js';
export { z, z as default };
