import { TestDatabaseFactory } from '../../tests/support/test-database.ts';
import { ScenarioContext } from './scenario-context.ts';
import type { ScenarioHandle } from './scenario-handle.ts';
import { WorkerTarget } from './worker-target.ts';

/** Where scenarios send their requests: the app in-process, or the built Worker in workerd. */
export type Target = 'in-process' | 'worker';

/**
 * The scenario context pool: one `ScenarioContext` per running scenario, keyed by the
 * pickle id. Released contexts are reset and reused; a new one is built (from a copy of
 * the migrated template database) only when none is idle. Each cucumber worker process
 * has its own pool, so parallel scenarios never share a database.
 */
export class ScenarioContextPool {
  private readonly active = new Map<string, ScenarioContext>();
  private readonly idle: ScenarioContext[] = [];
  private readonly databases = new TestDatabaseFactory();
  readonly stats = { built: 0, reused: 0 };

  private readonly target: Target;

  constructor(target: Target = 'in-process') {
    this.target = target;
  }

  /** A handle on a context for scenario `id`, reusing an idle one when there is one. */
  async acquire(id: string): Promise<ScenarioHandle> {
    if (this.active.has(id)) throw new Error(`scenario ${id} already holds a context`);
    let context = this.idle.pop();
    if (context) {
      this.stats.reused++;
    } else {
      const database = await this.databases.create();
      const worker = this.target === 'worker' ? await WorkerTarget.start(database.path) : undefined;
      context = new ScenarioContext(database, worker);
      this.stats.built++;
    }
    this.active.set(id, context);
    return context.lease(id);
  }

  /**
   * Gives scenario `id`'s context back, reset for the next scenario. Called whether the
   * scenario passed, failed or timed out: first the scenario's handle is fenced off (any
   * later use of it throws) and its in-flight requests are waited for, then the context is
   * reset, so nothing the old scenario started can land in the next one's database. A
   * context that cannot be reset is dropped, not reused.
   */
  async release(id: string): Promise<void> {
    const context = this.active.get(id);
    if (!context) return;
    this.active.delete(id);
    try {
      await context.fence();
      await context.reset();
      this.idle.push(context);
    } catch {
      await context.cleanup();
    }
  }

  /** Releases every context and removes the databases: the end of the run. */
  async releaseAll(): Promise<void> {
    await Promise.all([...this.active.values()].map((context) => context.fence()));
    await Promise.all([...this.active.values(), ...this.idle].map((context) => context.cleanup()));
    this.active.clear();
    this.idle.length = 0;
    this.databases.dispose();
  }
}
