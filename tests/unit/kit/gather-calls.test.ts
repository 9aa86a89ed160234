import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { gatherCalls } from '../../../src/kit/time/gather-calls.ts';

describe('gatherCalls', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('runs the task once for the calls of a window, when the window closes', async () => {
    let runs = 0;
    const call = gatherCalls(100, () => Promise.resolve(++runs));
    const first = call();
    await vi.advanceTimersByTimeAsync(60);
    const second = call();
    expect(runs).toBe(0);
    await vi.advanceTimersByTimeAsync(40);
    expect(runs).toBe(1);
    expect(await first).toBe(1);
    expect(await second).toBe(1);
  });

  it('opens a new window for a call made once the run has started', async () => {
    const started: number[] = [];
    let finish: () => void = () => undefined;
    const call = gatherCalls(100, () => {
      started.push(Date.now());
      return new Promise<void>((resolve) => {
        finish = resolve;
      });
    });
    const first = call();
    await vi.advanceTimersByTimeAsync(100);
    expect(started).toHaveLength(1);
    const second = call();
    expect(second).not.toBe(first);
    finish();
    await first;
    await vi.advanceTimersByTimeAsync(99);
    expect(started).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(started).toHaveLength(2);
    finish();
    await second;
  });

  it('with a window of 0, runs the task at each call, at once', async () => {
    let runs = 0;
    const call = gatherCalls(0, () => Promise.resolve(++runs));
    const first = call();
    expect(runs).toBe(1);
    const second = call();
    expect(runs).toBe(2);
    expect(await first).toBe(1);
    expect(await second).toBe(2);
  });
});
