import {
  After,
  AfterAll,
  Before,
  setDefaultTimeout,
  setWorldConstructor,
} from '@cucumber/cucumber';
import { ScenarioContextPool } from './scenario-context-pool.ts';
import { ApiWorld } from './world.ts';

setDefaultTimeout(20_000);
setWorldConstructor(ApiWorld);

/**
 * One pool per cucumber process (each `--parallel` worker is a process of its own), made on
 * the first scenario, when the profile's world parameters say which target to use.
 */
let pool: ScenarioContextPool | undefined;

Before(async function (this: ApiWorld, { pickle }) {
  pool ??= new ScenarioContextPool(this.parameters.target === 'worker' ? 'worker' : 'in-process');
  this.context = await pool.acquire(pickle.id);
});

After(async function (this: ApiWorld, { pickle }) {
  await pool?.release(pickle.id);
});

AfterAll(async function () {
  if (!pool) return;
  const { built, reused } = pool.stats;
  await pool.releaseAll();
  if (process.env.CUCUMBER_POOL_REPORT !== '0') {
    process.stderr.write(`scenario context pool: ${built} built, ${reused} reused\n`);
  }
});
