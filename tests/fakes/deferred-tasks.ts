import type { Defer } from '../../src/kit/runtime.ts';

/** A `Defer` that keeps the tasks, so a test can wait for what ran after the response. */
export class DeferredTasks {
  private readonly tasks: Promise<unknown>[] = [];

  readonly defer: Defer = (task) => {
    this.tasks.push(task);
  };

  /** Waits for every task deferred so far. */
  async flush(): Promise<void> {
    await Promise.allSettled(this.tasks.splice(0));
  }
}
