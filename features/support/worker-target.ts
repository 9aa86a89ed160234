import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { convertV4MiniflareOptions, Miniflare } from 'miniflare';
import { createHranaServer, type HranaServer } from '../../tools/libsql-server/hrana.ts';
import { CORS_TEST_ORIGIN, TEST_JWT_SECRET } from '../../tests/fakes/fake-app-deps.ts';

/** The limits wrangler.toml declares (the defaults of `src/services/abuse-limits.ts`). */
const WORKER_RATE_LIMITS = {
  RATE_LIMIT_TOKEN: 20,
  RATE_LIMIT_REFRESH: 30,
  RATE_LIMIT_PASSWORD_RESET: 5,
  RATE_LIMIT_REGISTER: 10,
  RATE_LIMIT_VERIFY_EMAIL: 10,
};

/** The period of every binding above: the platform counts in wall-clock windows of it. */
const RATE_LIMIT_PERIOD_SECONDS = 60;
const RATE_LIMIT_PERIOD_MS = RATE_LIMIT_PERIOD_SECONDS * 1000;

const NULL_BODY_STATUSES = new Set([101, 204, 205, 304]);

/** The Worker bundle `npm run build` writes; the worker profile runs it. */
const BUNDLE = resolve('dist/worker.js');

/**
 * One scenario context's Worker: the built bundle in workerd (Miniflare) with its own KV
 * namespace, talking libSQL over HTTP to a stand-in that serves the context's own database
 * file. Built once per pooled context and reused; `reset()` empties its KV.
 */
export class WorkerTarget {
  private readonly miniflare: Miniflare;
  private readonly database: HranaServer;

  private constructor(miniflare: Miniflare, database: HranaServer) {
    this.miniflare = miniflare;
    this.database = database;
  }

  static async start(databasePath: string): Promise<WorkerTarget> {
    if (!existsSync(BUNDLE)) throw new Error(`${BUNDLE} is missing: run \`npm run build\` first`);
    const database = createHranaServer({ databasePath });
    const { url } = await database.listen(0);
    const miniflare = new Miniflare(
      convertV4MiniflareOptions({
        modules: true,
        scriptPath: BUNDLE,
        compatibilityDate: '2026-10-23',
        kvNamespaces: ['CACHE'],
        // As wrangler.toml's [[ratelimits]]: the platform's counters, simulated.
        ratelimits: Object.fromEntries(
          Object.entries(WORKER_RATE_LIMITS).map(([name, limit], i) => [
            name,
            {
              namespace_id: String(14_001 + i),
              simple: { limit, period: RATE_LIMIT_PERIOD_SECONDS },
            },
          ]),
        ),
        // As wrangler.toml's [assets]: /docs's files, behind the Worker.
        assets: {
          directory: resolve('node_modules/swagger-ui-dist'),
          binding: 'ASSETS',
          routerConfig: { has_user_worker: true, invoke_user_worker_ahead_of_assets: true },
        },
        bindings: {
          APP_ENV: 'test',
          DATABASE_URL: url,
          JWT_SECRET: TEST_JWT_SECRET,
          LOG_LEVEL: 'silent',
          CORS_ORIGINS: CORS_TEST_ORIGIN,
          TRUST_PROXY_HOPS: '1',
        },
      }),
    );
    await miniflare.ready;
    return new WorkerTarget(miniflare, database);
  }

  /** Sends a request to the Worker over Miniflare's loopback server. */
  async fetch(path: string, init: RequestInit): Promise<Response> {
    const response = await this.miniflare.dispatchFetch(`http://worker.test${path}`, init as never);
    // Miniflare answers with undici's Response; rebuild it as Node's global one.
    const body = NULL_BODY_STATUSES.has(response.status) ? null : await response.arrayBuffer();
    return new Response(body, {
      status: response.status,
      headers: new Headers([...response.headers.entries()]),
    });
  }

  /**
   * Waits, when fewer than `needMs` are left of the current rate-limit window, for the next
   * one to begin. The bindings count in windows aligned to the wall clock (Miniflare's as
   * Cloudflare's), so a burst that straddles a boundary is rightly allowed two windows'
   * worth; a scenario that expects a burst to be cut off starts it where it fits in one.
   */
  async fitInOneRateWindow(needMs: number): Promise<void> {
    const left = RATE_LIMIT_PERIOD_MS - (Date.now() % RATE_LIMIT_PERIOD_MS);
    if (left < needMs) await new Promise((resolve) => setTimeout(resolve, left + 50));
  }

  /** Empties the KV namespace, for the next scenario. */
  async reset(): Promise<void> {
    const kv = await this.miniflare.getKVNamespace('CACHE');
    for (let cursor: string | undefined; ;) {
      const page = await kv.list(cursor === undefined ? {} : { cursor });
      await Promise.all(page.keys.map((key) => kv.delete(key.name)));
      if (page.list_complete) break;
      cursor = page.cursor;
    }
  }

  async dispose(): Promise<void> {
    await this.miniflare.dispose();
    await this.database.close();
  }
}
