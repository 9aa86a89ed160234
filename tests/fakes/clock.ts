import type { Clock } from '../../src/kit/runtime.ts';

/** A clock tests move by hand; each reading without a move gives the same time. */
export class FakeClock {
  private current: Date;

  constructor(current = new Date('2026-01-01T00:00:00.000Z')) {
    this.current = current;
  }

  readonly now: Clock = () => new Date(this.current);

  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }

  set(date: Date): void {
    this.current = new Date(date);
  }
}

/** Real time plus an offset a scenario can move forward ("15 minutes later"). */
export class OffsetClock {
  private offsetMs = 0;

  readonly now: Clock = () => new Date(Date.now() + this.offsetMs);

  advance(ms: number): void {
    this.offsetMs += ms;
  }
}
