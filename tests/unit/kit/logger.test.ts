import { describe, expect, it } from 'vitest';
import { createBatchedLines } from '../../../src/kit/log/batched-lines.ts';
import { createLogger } from '../../../src/kit/log/logger.ts';

describe('the JSON-lines logger', () => {
  const logged = (fields?: Record<string, unknown>) => {
    const lines: string[] = [];
    const log = createLogger({ level: 'info', write: (line) => lines.push(line) });
    log.info('a "quoted"\nmessage', fields);
    return lines;
  };

  it('writes one JSON object per entry: time, level, msg, then the fields', () => {
    const [line] = logged({ method: 'GET', path: '/a"b', status: 200, ms: 1.25, skip: undefined });
    const entry = JSON.parse(line ?? '') as Record<string, unknown>;
    expect(Object.keys(entry)).toEqual(['time', 'level', 'msg', 'method', 'path', 'status', 'ms']);
    expect(entry).toMatchObject({
      level: 'info',
      msg: 'a "quoted"\nmessage',
      path: '/a"b',
      status: 200,
      ms: 1.25,
    });
    expect(new Date(String(entry['time'])).toISOString()).toBe(entry['time']);
  });

  it('writes an entry without fields, and drops entries below its level', () => {
    expect(JSON.parse(logged()[0] ?? '')).toMatchObject({
      level: 'info',
      msg: 'a "quoted"\nmessage',
    });
    const lines: string[] = [];
    createLogger({ level: 'warn', write: (line) => lines.push(line) }).info('quiet');
    expect(lines).toEqual([]);
  });
});

describe('batched log lines', () => {
  const harness = (maxBytes?: number) => {
    const chunks: string[] = [];
    const tasks: (() => void)[] = [];
    const lines = createBatchedLines({
      out: (chunk) => chunks.push(chunk),
      schedule: (task) => tasks.push(task),
      ...(maxBytes === undefined ? {} : { maxBytes }),
    });
    const turn = () => {
      for (const task of tasks.splice(0)) task();
    };
    return { chunks, lines, turn, tasks };
  };

  it('writes the lines of one turn of the event loop in one chunk, in order', () => {
    const { chunks, lines, turn, tasks } = harness();
    lines.write('one');
    lines.write('two');
    lines.write('three');
    expect(chunks).toEqual([]);
    expect(tasks).toHaveLength(1);
    turn();
    expect(chunks).toEqual(['one\ntwo\nthree\n']);
    lines.write('four');
    turn();
    expect(chunks).toEqual(['one\ntwo\nthree\n', 'four\n']);
  });

  it('writes at once past maxBytes, and flush writes what is pending', () => {
    const { chunks, lines, turn } = harness(8);
    lines.write('12345');
    lines.write('678');
    expect(chunks).toEqual(['12345\n678\n']);
    lines.write('x');
    lines.flush();
    expect(chunks).toEqual(['12345\n678\n', 'x\n']);
    turn();
    lines.flush();
    expect(chunks).toHaveLength(2);
  });

  it('goes out through setImmediate by default', async () => {
    const chunks: string[] = [];
    const lines = createBatchedLines({ out: (chunk) => chunks.push(chunk) });
    lines.write('later');
    expect(chunks).toEqual([]);
    await new Promise((resolve) => setImmediate(resolve));
    expect(chunks).toEqual(['later\n']);
  });
});
