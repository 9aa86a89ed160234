import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { DocsAssetName, DocsAssets } from '../kit/http/docs.ts';

/**
 * The reference UI's files read from the installed `swagger-ui-dist` package (Node, Deno),
 * each once, then kept in memory.
 *
 * @example
 * composeDeps({ …, docsAssets: packageDocsAssets() });
 */
export function packageDocsAssets(): DocsAssets {
  const require = createRequire(import.meta.url);
  const read = new Map<DocsAssetName, Promise<Uint8Array>>();
  return (name) => {
    let file = read.get(name);
    if (!file) {
      file = readFile(require.resolve(`swagger-ui-dist/${name}`));
      read.set(name, file);
    }
    return file;
  };
}
