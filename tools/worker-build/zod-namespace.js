// zod's own `z` namespace (node_modules/zod/v4/classic/external.js) without its `locales`
// namespace: the Worker uses the English messages only, which zod installs itself
// (classic/schemas.js calls config(en())). Also without what the API never calls: the
// compiled fast path (`compile`, `withParser`, `INVALID`, `ZodCompile*Error`) and
// `fromJSONSchema`. Keep in step with external.js on a zod upgrade.
export * as core from './zod-core.js';
export * from '../../node_modules/zod/v4/classic/schemas.js';
export * from '../../node_modules/zod/v4/classic/checks.js';
export * from '../../node_modules/zod/v4/classic/errors.js';
export * from '../../node_modules/zod/v4/classic/parse.js';
export * from '../../node_modules/zod/v4/classic/compat.js';
export {
  globalRegistry,
  registry,
  config,
  memoizer,
  $output,
  $input,
  $brand,
  clone,
  regexes,
  treeifyError,
  prettifyError,
  formatError,
  flattenError,
  TimePrecision,
  util,
  NEVER,
  toZod,
  getDiscriminatedOption,
} from './zod-core.js';
export { toJSONSchema } from '../../node_modules/zod/v4/core/json-schema-processors.js';
export { deepPartial } from '../../node_modules/zod/v4/classic/deep-partial.js';
export { input, output } from '../../node_modules/zod/v4/classic/in-out.js';
export {
  ZodISODateTime,
  ZodISODate,
  ZodISOTime,
  ZodISODuration,
} from '../../node_modules/zod/v4/classic/iso.js';
export * as iso from '../../node_modules/zod/v4/classic/iso.js';
export * as coerce from '../../node_modules/zod/v4/classic/coerce.js';
