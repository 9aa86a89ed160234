import { World } from '@cucumber/cucumber';
import type { ScenarioHandle } from './scenario-handle.ts';

/**
 * cucumber's per-scenario World; it holds the handle on the pooled context the Before hook
 * acquired. The handle stops working when the After hook releases the context.
 */
export class ApiWorld extends World<{ target?: 'in-process' | 'worker' }> {
  private acquired: ScenarioHandle | undefined;

  get context(): ScenarioHandle {
    if (!this.acquired) throw new Error('no scenario context: the Before hook did not run');
    return this.acquired;
  }

  set context(context: ScenarioHandle) {
    this.acquired = context;
  }
}
