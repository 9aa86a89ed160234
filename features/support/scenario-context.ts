import { createApp, type App, type AppDeps } from '../../src/app.ts';
import { composeDeps } from '../../src/configs/compose.ts';
import { packageDocsAssets } from '../../src/configs/docs-assets.ts';
import { loadConfig } from '../../src/configs/config.ts';
import type { DatabaseHandle } from '../../src/db/client.ts';
import { rememberReadsOf } from '../../src/db/versioned-memo.ts';
import { createMemoryCache } from '../../src/kit/cache/memory-cache.ts';
import type { Cache } from '../../src/kit/cache/cache.port.ts';
import { createPbkdf2Hasher } from '../../src/kit/crypto/password.ts';
import { createLogger } from '../../src/kit/log/logger.ts';
import { OffsetClock } from '../../tests/fakes/clock.ts';
import { DeferredTasks } from '../../tests/fakes/deferred-tasks.ts';
import { CORS_TEST_ORIGIN, TEST_JWT_SECRET } from '../../tests/fakes/fake-app-deps.ts';
import { FakeEmailGateway } from '../../tests/fakes/fake-email.gateway.ts';
import { truncateAll } from '../../tests/support/test-database.ts';
import type { Actor } from './parameter-types.ts';
import { ScenarioHandle } from './scenario-handle.ts';
import type { WorkerTarget } from './worker-target.ts';

/** Real PBKDF2 at a test cost: the same code path, a hundredth of the time. */
const passwords = createPbkdf2Hasher({ iterations: 1_000 });

/** The password of every user a `Given` step registers, admins included. */
export const DEFAULT_PASSWORD = 'a sturdy passphrase 1';

const docsAssets = packageDocsAssets();
const config = loadConfig({
  APP_ENV: 'test',
  JWT_SECRET: TEST_JWT_SECRET,
  CORS_ORIGINS: CORS_TEST_ORIGIN,
  TRUST_PROXY_HOPS: '1',
});

/**
 * One documentation network (a /64 of RFC 3849's IPv6 prefix: limits count a /64 as one
 * address) per scenario a process runs: never one of the IPv4 documentation addresses
 * (RFC 5737) that steps name explicitly.
 */
const scenarioAddress = (n: number) => `2001:db8:${(n + 1).toString(16)}::1`;
let scenarios = 0;

/** What a scenario sent last and what it got back, body read once. */
export interface LastResponse {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  readonly json: unknown;
}

/** Turns on one failure of the scenario's backing services, to test how the API copes. */
export interface Faults {
  database: boolean;
  cache: boolean;
}

/**
 * One scenario's world: an isolated migrated database, an isolated cache, the app built on
 * them, the log lines the app wrote, the last response, and named values steps hand each
 * other. A pool owns contexts; a scenario uses one only through the `ScenarioHandle` it
 * leased, which `fence()` invalidates; `reset()` readies one for reuse, `cleanup()`
 * releases it.
 *
 * Requests go to the app in-process, or, with a `worker` (the cucumber `worker` profile), to
 * the built Worker in workerd on the same database. The in-process app is built either way:
 * the admin is made through its logic, as the command line makes one.
 */
export class ScenarioContext {
  app!: App;
  deps!: AppDeps;
  clock = new OffsetClock();
  readonly logLines: string[] = [];
  readonly faults: Faults = { database: false, cache: false };
  last: LastResponse | undefined;
  email = new FakeEmailGateway();
  tasks = new DeferredTasks();
  private cache!: Cache;
  private readonly storage = new Map<string, unknown>();
  /** Moves on at each release: handles of an earlier generation are fenced off. */
  private generation = 0;
  private readonly inFlight = new Set<Promise<unknown>>();

  readonly database: DatabaseHandle;
  private readonly worker: WorkerTarget | undefined;

  constructor(database: DatabaseHandle, worker?: WorkerTarget) {
    this.database = database;
    this.worker = worker;
    this.rebuildApp();
  }

  /** A handle for scenario `scenarioId`, valid until the context is next fenced. */
  lease(scenarioId: string): ScenarioHandle {
    return new ScenarioHandle(this, this.generation, scenarioId);
  }

  /** Whether a handle of `generation` may still use this context. */
  isCurrent(generation: number): boolean {
    return generation === this.generation;
  }

  /** Keeps `work` among the in-flight requests until it settles. */
  track<T>(work: Promise<T>): Promise<T> {
    this.inFlight.add(work);
    const forget = () => this.inFlight.delete(work);
    work.then(forget, forget);
    return work;
  }

  /**
   * Fences off the current holder, then waits for everything it started: its requests and
   * the work they deferred (welcome emails). After this, nothing of the old scenario runs.
   */
  async fence(): Promise<void> {
    this.generation++;
    while (this.inFlight.size > 0) {
      await Promise.allSettled([...this.inFlight]);
    }
    await this.tasks.flush();
  }

  /**
   * The client address this scenario's requests come from (`X-Forwarded-For`, trusted one
   * hop), unless a step names another: a fresh one per scenario, so rate-limit counters a
   * reused Worker keeps never reach the next scenario.
   */
  address = scenarioAddress(scenarios++);

  /** Sends a request to the app under test without keeping it as `last`. */
  async fetch(path: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (!headers.has('x-forwarded-for')) headers.set('X-Forwarded-For', this.address);
    const sent = { ...init, headers };
    return this.worker ? this.worker.fetch(path, sent) : this.app.request(path, sent);
  }

  /**
   * Before a burst that should meet a rate limit: on the Worker, whose platform counters
   * roll over on the wall clock, starts it where `needMs` fit in one window (waiting at
   * most that long); in-process, where a window opens at a key's first hit, at once.
   */
  async fitInOneRateWindow(needMs: number): Promise<void> {
    await this.worker?.fitInOneRateWindow(needMs);
  }

  /** Keeps a value for later steps ("the user ada", "ada's token"). */
  store(key: string, value: unknown): void {
    this.storage.set(key, value);
  }

  /** A value an earlier step stored; a missing key is a mistake in the scenario. */
  get<T>(key: string): T {
    if (!this.storage.has(key)) throw new Error(`nothing stored under "${key}" in this scenario`);
    return this.storage.get(key) as T;
  }

  /** Sends a request to the app in-process and keeps the response as `last`. */
  async request(method: string, path: string, init: RequestInit = {}): Promise<LastResponse> {
    const response = await this.fetch(path, { ...init, method });
    const text = await response.text();
    let json: unknown;
    try {
      json = text === '' ? undefined : JSON.parse(text);
    } catch {
      json = undefined;
    }
    this.last = { status: response.status, headers: response.headers, text, json };
    return this.last;
  }

  /**
   * The headers that make a request come from `actor`: a bearer token from a log-in through
   * the API, made once per actor and scenario. The admin is made the way the command line
   * makes one (admins are never made through the API).
   */
  async headersOf(actor: Actor): Promise<Record<string, string>> {
    if (actor.kind === 'anonymous') return {};
    const name = actor.kind === 'admin' ? 'root' : actor.name;
    const key = `access token ${name}`;
    if (!this.storage.has(key)) {
      if (actor.kind === 'admin' && !this.storage.has('admin created')) {
        await this.deps.users.register({
          username: name,
          email: `${name}@example.com`,
          password: DEFAULT_PASSWORD,
          role: 'admin',
        });
        this.storage.set('admin created', true);
      }
      this.storage.set(key, (await this.logIn(name, DEFAULT_PASSWORD)).accessToken);
    }
    return { Authorization: `Bearer ${this.get<string>(key)}` };
  }

  /** Logs in through the API without touching `last`; fails the step when it is refused. */
  async logIn(
    login: string,
    password: string,
  ): Promise<{ accessToken: string; refreshToken: string }> {
    const response = await this.fetch('/api/v1/auth/token', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ login, password }),
    });
    if (response.status !== 200) {
      throw new Error(`log-in of ${login} failed: ${response.status} ${await response.text()}`);
    }
    return (await response.json()) as { accessToken: string; refreshToken: string };
  }

  /** The last response, which a step expects to exist. */
  get response(): LastResponse {
    if (!this.last) throw new Error('no request was sent in this scenario yet');
    return this.last;
  }

  /** Empties the database and cache and forgets stored values, for the next scenario. */
  async reset(): Promise<void> {
    await truncateAll(this.database);
    await this.worker?.reset();
    this.storage.clear();
    this.address = scenarioAddress(scenarios++);
    this.logLines.length = 0;
    this.last = undefined;
    this.faults.database = false;
    this.faults.cache = false;
    this.rebuildApp();
  }

  /** Releases what this context owns. */
  async cleanup(): Promise<void> {
    await this.worker?.dispose();
    this.database.client.close();
  }

  private rebuildApp(): void {
    this.cache = createMemoryCache();
    this.email = new FakeEmailGateway();
    this.tasks = new DeferredTasks();
    this.clock = new OffsetClock();
    const inner = this.cache;
    const faults = this.faults;
    const failing = (what: string) => {
      throw new Error(`${what} is down (scenario fault)`);
    };
    this.deps = composeDeps(
      {
        config,
        db: this.database.db,
        // As the Node composition root wires it: the principal read remembered between writes.
        remember: rememberReadsOf(this.database.client),
        pingDatabase: async () => {
          if (faults.database) failing('database');
          await this.database.probe();
        },
        cache: {
          get: (key) => (faults.cache ? failing('cache') : inner.get(key)),
          put: (key, value, ttl) => (faults.cache ? failing('cache') : inner.put(key, value, ttl)),
          delete: (key) => (faults.cache ? failing('cache') : inner.delete(key)),
        },
        logger: createLogger({
          level: 'debug',
          write: (line) => {
            this.logLines.push(line);
          },
        }),
        email: this.email,
        defer: this.tasks.defer,
        docsAssets,
        passwords,
        clock: this.clock.now,
      },
      TEST_JWT_SECRET,
    );
    this.app = createApp(this.deps);
  }
}
