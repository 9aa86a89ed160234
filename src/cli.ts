// Node's entry point: `npm start` (`serve`) and `npm run cli -- <command>`.
//
// The resolve hook goes in before anything else is loaded, so that the whole module graph
// (hono, drizzle-orm, …) is resolved through it: see `package-module-resolve.ts` for why.
// The commands are imported dynamically because static imports are resolved before this
// module's body runs.
import { registerHooks } from 'node:module';
import { resolvePackageModule } from './kit/node/package-module-resolve.ts';

registerHooks({ resolve: resolvePackageModule });
await import('./cli-commands.ts');
