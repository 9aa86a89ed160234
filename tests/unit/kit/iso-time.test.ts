import { describe, expect, it } from 'vitest';
import { isoTime } from '../../../src/kit/time/iso-time.ts';

describe('isoTime', () => {
  it('writes exactly what toISOString writes, over a spread of instants', () => {
    // Every millisecond width (0, 9, 10, 99, 100, 999), both sides of midnight and of a leap
    // day, the first and last instants of years 1000 and 9999, and a walk over 2 000 years.
    const edges = [
      0,
      9,
      10,
      99,
      100,
      999,
      -1,
      Date.UTC(2024, 1, 29, 23, 59, 59, 999),
      Date.UTC(2024, 2, 1),
      Date.UTC(1000, 0, 1),
      Date.UTC(9999, 11, 31, 23, 59, 59, 999),
    ];
    const walk = Array.from({ length: 5_000 }, (_, i) => Date.UTC(1000, 0, 1) + i * 12_622_780_917);
    for (const ms of [...edges, ...walk]) {
      const date = new Date(ms);
      expect(isoTime(date), String(ms)).toBe(date.toISOString());
    }
  });

  it('leaves years outside 1000–9999 to toISOString, and an invalid date throws as there', () => {
    for (const ms of [Date.UTC(999, 11, 31), Date.UTC(10_000, 0, 1), Date.UTC(-5, 0, 1)]) {
      expect(isoTime(new Date(ms))).toBe(new Date(ms).toISOString());
    }
    expect(() => isoTime(new Date(Number.NaN))).toThrow(RangeError);
  });
});
