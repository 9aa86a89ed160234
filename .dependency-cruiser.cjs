/**
 * The layer rules of `../shared/design/architecture.md`, enforced: `npm run lint` runs
 * `depcruise src`, and any import that breaks a rule fails it. Dependencies point inward:
 * services → logics → (ports of) repositories → models ← kit; configs/ and the entry points
 * are the composition roots and may import anything. `tests/unit/layer-rules.test.ts`
 * proves each rule bites.
 *
 * Paths are relative to the cruised root; npm packages resolve to `node_modules/<name>/…`.
 */

/** A regex for the npm packages named, as dependency-cruiser resolves them. */
const npm = (...names) => `(^|/)node_modules/(${names.join('|')})/`;

const orm = npm('drizzle-orm', '@libsql', 'libsql');
const http = npm('hono', '@hono');

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'logics-no-frameworks',
      comment: 'logics/ is plain functions over ports: no hono, no ORM, no driver.',
      severity: 'error',
      from: { path: '^src/logics/' },
      to: { path: [http, orm] },
    },
    {
      name: 'logics-no-outer-layers',
      comment:
        'logics/ receives its collaborators as arguments: no adapters, services, configs or db; ' +
        'of repositories/ only the ports (*.port.ts).',
      severity: 'error',
      from: { path: '^src/logics/' },
      to: {
        path: [
          '/adapters/',
          '^src/(services|configs|db)/',
          '^src/[^/]+\\.ts$',
          '^src/repositories/',
        ],
        pathNot: '^src/repositories/.+\\.port\\.ts$',
      },
    },
    {
      name: 'models-no-frameworks',
      comment:
        'models/ is the core: of frameworks only zod (and its OpenAPI flavour for the v1 DTOs).',
      severity: 'error',
      from: { path: '^src/models/' },
      to: { path: '(^|/)node_modules/', pathNot: npm('zod', '@hono/zod-openapi') },
    },
    {
      name: 'models-no-outer-layers',
      comment: 'models/ imports nothing above it: only itself and kit/.',
      severity: 'error',
      from: { path: '^src/models/' },
      to: { path: '^src/', pathNot: '^src/(models|kit)/' },
    },
    {
      name: 'kit-is-domain-free',
      comment: 'kit/ is the domain-free building blocks: nothing of the app.',
      severity: 'error',
      from: { path: '^src/kit/' },
      to: { path: '^src/', pathNot: '^src/kit/' },
    },
    {
      name: 'services-no-persistence',
      comment:
        'services/ (HTTP) calls logic only: no db/, no repositories or adapters, no configs; ' +
        'just logics, models, kit and itself.',
      severity: 'error',
      from: { path: '^src/services/' },
      to: { path: ['^src/', orm], pathNot: '^src/(services|logics|models|kit)/' },
    },
    {
      name: 'repositories-no-upper-layers',
      comment: 'repositories/ implement ports for logic: they never import logic or HTTP.',
      severity: 'error',
      from: { path: '^src/repositories/' },
      to: { path: ['^src/(services|logics|configs)/', '^src/[^/]+\\.ts$', http] },
    },
    {
      name: 'no-circular',
      comment: 'A cycle means two modules are one; split or merge them.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'no-orphans',
      comment: 'A module nothing imports is dead, unless it is an entry point or a declaration.',
      severity: 'error',
      from: {
        orphan: true,
        pathNot: [
          '\\.d\\.ts$',
          '^src/(worker|server|cli|deno)\\.ts$',
          '^src/configs/',
          '^src/db/schema\\.ts$',
        ],
      },
      to: {},
    },
    {
      name: 'worker-no-node-only',
      comment:
        'The Worker bundle carries no Node-only package: lru-cache and ioredis belong to the ' +
        'Node composition root (node-runtime.ts) and what it alone imports.',
      severity: 'error',
      from: { path: '^src/worker\\.ts$' },
      to: { path: npm('lru-cache', 'ioredis'), reachable: true },
    },
    {
      name: 'not-to-unresolvable',
      comment: 'An import that does not resolve is a typo or a missing package.',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true, pathNot: '^cloudflare:' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.js', '.mjs', '.cjs', '.d.ts'],
    },
  },
};
