/**
 * A Stryker ignorer: mutants inside the arguments of a zod schema's `.openapi(…)` call are
 * not run. Those arguments (component names, descriptions, examples, `param` placement) only
 * feed the OpenAPI document; no request is validated differently by them. Stryker reports
 * such mutants as "Ignored" with this reason, outside the score; the schema the call is made
 * on (`z.string().min(1).openapi(…)`) is still mutated.
 *
 * Written as a plain plugin object (`declareValuePlugin` from `@stryker-mutator/api` makes
 * the same shape) so it needs no import.
 */

/** @param {import('@babel/core').NodePath} path */
function isOpenApiArgument(path) {
  const call = path.parentPath;
  if (!call || path.listKey !== 'arguments' || call.node.type !== 'CallExpression') return false;
  const callee = call.node.callee;
  return (
    callee.type === 'MemberExpression' &&
    callee.property.type === 'Identifier' &&
    callee.property.name === 'openapi'
  );
}

export const strykerPlugins = [
  {
    kind: 'Ignore',
    name: 'openapi-metadata',
    value: {
      /** @param {import('@babel/core').NodePath} path */
      shouldIgnore(path) {
        return isOpenApiArgument(path) ? 'OpenAPI documentation metadata' : undefined;
      },
    },
  },
];
