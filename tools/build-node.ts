// `npm start`'s build (its `prestart`): our Node server as plain JavaScript, so the process
// that serves never loads Node's TypeScript stripper. Stripping types at load time keeps the
// stripper (a WebAssembly build of swc) and its memory in the server for good: ~17 MiB of
// resident memory, 10 MiB of it the module's buffers (tools/bench/notes.md, fifteenth pass).
//
// One esbuild pass from `src/cli.ts`: our modules bundled, the packages left to node_modules
// (imported as `npm start` always imported them). Splitting keeps `src/cli.ts`'s order: its
// resolve hook is registered before the chunk that imports the packages is loaded, and the
// Redis cache stays a chunk loaded only when `CACHE_URL` names one. The output sits two folders
// below the root, as the sources do, so that `src/db/migrate.ts`'s `../../drizzle` and the
// docs' `swagger-ui-dist` resolve from it as from `src/`.
//
// Usage: `node tools/build-node.ts` (about 0.1 s), or `buildNodeServer(root)` from a script.
import { build } from 'esbuild';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where the server's JavaScript goes, relative to the repository root. */
export const NODE_BUILD_DIR = 'build/node';
/** The entry `npm start` runs. */
export const NODE_SERVER_ENTRY = `${NODE_BUILD_DIR}/cli.mjs`;

/**
 * Builds `build/node/` from `src/cli.ts`; answers the entry's absolute path. The folder is
 * not emptied first: a server starting meanwhile (another `npm start`, a benchmark's peer)
 * still finds every file, and the same sources give the same files, as the chunks' names
 * carry their content's hash. Files of an earlier build are removed after this one is written.
 */
export async function buildNodeServer(root: string): Promise<string> {
  const outdir = join(root, NODE_BUILD_DIR);
  const { metafile } = await build({
    absWorkingDir: root,
    entryPoints: ['src/cli.ts'],
    outdir,
    outExtension: { '.js': '.mjs' },
    chunkNames: '[name]-[hash]',
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node22',
    packages: 'external',
    logLevel: 'warning',
    metafile: true,
  });
  const written = new Set(Object.keys(metafile.outputs).map((file) => resolve(root, file)));
  for (const file of readdirSync(outdir)) {
    if (!written.has(join(outdir, file))) rmSync(join(outdir, file), { force: true });
  }
  if (!existsSync(resolve(outdir, '../../drizzle'))) {
    throw new Error(`${NODE_BUILD_DIR} must sit two folders below the root, as src/db does`);
  }
  return join(root, NODE_SERVER_ENTRY);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await buildNodeServer(fileURLToPath(new URL('..', import.meta.url)));
}
