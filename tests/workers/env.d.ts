/* The Worker's bindings and entry module, as `cloudflare:test` and `cloudflare:workers` see them. */
import type * as worker from '../../src/worker.ts';

declare global {
  namespace Cloudflare {
    interface Env {
      CACHE: KVNamespace;
    }
    interface GlobalProps {
      mainModule: typeof worker;
    }
  }
}
