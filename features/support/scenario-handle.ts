import type { Actor } from './parameter-types.ts';
import type { Faults, LastResponse, ScenarioContext } from './scenario-context.ts';

/**
 * What one scenario holds of a pooled `ScenarioContext`: a lease stamped with the context's
 * generation when it was acquired. Once the pool releases the context (the scenario ended,
 * passed, failed or timed out), the generation moves on and every use of this handle throws,
 * so a step still running from an ended scenario can never reach the next scenario's data.
 * Every request made through the handle is tracked, so release can wait for it to settle
 * before the context is reset.
 */
export class ScenarioHandle {
  private readonly context: ScenarioContext;
  private readonly generation: number;
  readonly scenarioId: string;

  constructor(context: ScenarioContext, generation: number, scenarioId: string) {
    this.context = context;
    this.generation = generation;
    this.scenarioId = scenarioId;
  }

  /** The context, if this handle's scenario still holds it; else throws. */
  private live(): ScenarioContext {
    if (!this.context.isCurrent(this.generation)) {
      throw new Error(
        `scenario ${this.scenarioId} has been released: its context now belongs to another scenario`,
      );
    }
    return this.context;
  }

  /** Runs `work` on the live context and tracks it until it settles; rejects when fenced. */
  private async tracked<T>(work: (context: ScenarioContext) => Promise<T>): Promise<T> {
    const context = this.live();
    return await context.track(work(context));
  }

  /** Sends a request without keeping it as `last`. */
  fetch(path: string, init: RequestInit = {}): Promise<Response> {
    return this.tracked((context) => context.fetch(path, init));
  }

  /** Sends a request and keeps the response as `last`. */
  request(method: string, path: string, init: RequestInit = {}): Promise<LastResponse> {
    return this.tracked((context) => context.request(method, path, init));
  }

  /** The headers that make a request come from `actor` (logs them in on first use). */
  headersOf(actor: Actor): Promise<Record<string, string>> {
    return this.tracked((context) => context.headersOf(actor));
  }

  /** Logs in through the API without touching `last`. */
  logIn(login: string, password: string): Promise<{ accessToken: string; refreshToken: string }> {
    return this.tracked((context) => context.logIn(login, password));
  }

  /** Before a burst that should meet a rate limit: where it fits in one counting window. */
  fitInOneRateWindow(needMs: number): Promise<void> {
    return this.tracked((context) => context.fitInOneRateWindow(needMs));
  }

  /** Keeps a value for later steps. */
  store(key: string, value: unknown): void {
    this.live().store(key, value);
  }

  /** A value an earlier step stored. */
  get<T>(key: string): T {
    return this.live().get<T>(key);
  }

  get response(): LastResponse {
    return this.live().response;
  }

  get clock(): ScenarioContext['clock'] {
    return this.live().clock;
  }

  get email(): ScenarioContext['email'] {
    return this.live().email;
  }

  get tasks(): ScenarioContext['tasks'] {
    return this.live().tasks;
  }

  get logLines(): readonly string[] {
    return this.live().logLines;
  }

  get faults(): Faults {
    return this.live().faults;
  }

  /** Runs the in-process app's outbox dispatcher now, as its timer would. */
  drainOutbox(): Promise<unknown> {
    return this.tracked((context) => context.deps.emails.drain());
  }

  /** Reads the scenario's database directly: for Thens that check what was stored. */
  query(sql: string, args: (string | number | null)[] = []): Promise<Record<string, unknown>[]> {
    return this.tracked(async (context) => {
      const result = await context.database.client.execute({ sql, args });
      return result.rows.map((row) => ({ ...row }));
    });
  }
}
