import { describe, expect, it } from 'vitest';
import { atMostEvery } from '../../../src/logics/at-most-every.ts';
import { FakeClock } from '../../fakes/clock.ts';

const HOUR = 3_600_000;

describe('a chore run at most every hour', () => {
  it('runs at once, then answers idle until a full hour has passed, and runs again at it', async () => {
    const clock = new FakeClock();
    let runs = 0;
    const chore = atMostEvery(HOUR, clock.now, 'idle', () => Promise.resolve(`run ${++runs}`));
    expect(await chore()).toBe('run 1');
    clock.advance(HOUR - 1);
    expect(await chore()).toBe('idle');
    clock.advance(1);
    expect(await chore()).toBe('run 2');
    expect(await chore()).toBe('idle');
  });

  it('runs once for overlapping calls, and a failed run is tried again at the next call', async () => {
    const clock = new FakeClock();
    let runs = 0;
    let fail = true;
    const chore = atMostEvery(HOUR, clock.now, 0, async () => {
      runs++;
      await Promise.resolve();
      if (fail) throw new Error('disk I/O error');
      return runs;
    });
    const overlapping = [chore(), chore()];
    await expect(overlapping[0]).rejects.toThrow('disk I/O error');
    expect(await overlapping[1]).toBe(0);
    fail = false;
    expect(await chore()).toBe(2);
    expect(runs).toBe(2);
  });
});
