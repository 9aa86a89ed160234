import { existsSync, readFileSync } from 'node:fs';
import type { ResolveHookSync } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * A `module.registerHooks` resolve hook that answers one common question itself: a package's
 * own relative `import './x.js'` inside a package whose `package.json` says
 * `"type": "module"`. Everything else goes to Node's resolver unchanged.
 *
 * Why: Node 24's resolver finds a `.js` file's format with `getPackageScopeConfig`, which
 * spreads the package's parsed manifest and so runs its lazy `exports` getter: it parses the
 * package's whole `exports` map once for every module it loads. drizzle-orm's `package.json`
 * is 179 KB and the server loads ~100 of its modules, so start-up made ~140 MiB of garbage,
 * took ~0.6 s for drizzle alone, and left the heap grown (peak RSS ~300 MiB before the first
 * request). Answering from a per-directory cache, each manifest is read once. The answer is
 * the URL Node's resolver gives too: the parent's URL is already a real path, and a package's
 * own files are not symlinks (npm and pnpm layouts alike).
 */
export const resolvePackageModule: ResolveHookSync = (specifier, context, nextResolve) => {
  const parent = context.parentURL;
  if (
    parent?.startsWith('file:') &&
    parent.includes('/node_modules/') &&
    (specifier.startsWith('./') || specifier.startsWith('../')) &&
    (specifier.endsWith('.js') || specifier.endsWith('.mjs'))
  ) {
    const url = new URL(specifier, parent);
    const path = fileURLToPath(url);
    if (existsSync(path) && (path.endsWith('.mjs') || inModuleScope(dirname(path)))) {
      return { url: url.href, format: 'module', shortCircuit: true };
    }
  }
  return nextResolve(specifier, context);
};

/** Whether the `package.json` nearest above a folder says `"type": "module"`, by folder. */
const moduleScopes = new Map<string, boolean>();

function inModuleScope(folder: string): boolean {
  const known = moduleScopes.get(folder);
  if (known !== undefined) return known;
  const manifest = join(folder, 'package.json');
  const parent = dirname(folder);
  const answer = existsSync(manifest)
    ? (JSON.parse(readFileSync(manifest, 'utf8')) as { type?: unknown }).type === 'module'
    : parent !== folder && inModuleScope(parent);
  moduleScopes.set(folder, answer);
  return answer;
}
