import { World } from '@cucumber/cucumber';
import type { ScenarioContext } from './scenario-context.ts';

/** cucumber's per-scenario World; it holds the pooled context the Before hook acquired. */
export class ApiWorld extends World<{ target?: 'in-process' | 'worker' }> {
  private acquired: ScenarioContext | undefined;

  get context(): ScenarioContext {
    if (!this.acquired) throw new Error('no scenario context: the Before hook did not run');
    return this.acquired;
  }

  set context(context: ScenarioContext) {
    this.acquired = context;
  }
}
