import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createFdWriter } from '../../../src/kit/log/fd-writer.ts';

const text = (parts: readonly (string | Uint8Array)[]) =>
  parts.map((p) => (typeof p === 'string' ? p : Buffer.from(p).toString())).join('');

describe('createFdWriter', () => {
  let folder: string | undefined;
  afterEach(() => {
    if (folder) rmSync(folder, { recursive: true, force: true });
    folder = undefined;
  });

  it('writes each chunk to the descriptor, in order', () => {
    folder = mkdtempSync(join(tmpdir(), 'fd-writer-'));
    const path = join(folder, 'out.log');
    const fd = openSync(path, 'w');
    const write = createFdWriter({ fd });
    write('{"msg":"one"}\n');
    write('{"msg":"två, ünïcode"}\n');
    closeSync(fd);
    expect(readFileSync(path, 'utf8')).toBe('{"msg":"one"}\n{"msg":"två, ünïcode"}\n');
  });

  it('goes on from where a short write stopped, multi-byte characters included', () => {
    const written: Buffer[] = [];
    const write = createFdWriter({
      writeSync: (_fd, data) => {
        const bytes = Buffer.from(data).subarray(0, 3);
        written.push(bytes);
        return bytes.length;
      },
      fallback: () => {
        throw new Error('no fallback expected');
      },
    });
    write('ab✓cd→e\n');
    expect(Buffer.concat(written).toString()).toBe('ab✓cd→e\n');
    expect(written.length).toBeGreaterThan(1);
  });

  it('hands the rest of a refused chunk, and every later chunk, to the fallback in order', () => {
    const written: Buffer[] = [];
    const handed: (string | Uint8Array)[] = [];
    let calls = 0;
    const write = createFdWriter({
      writeSync: (_fd, data) => {
        calls++;
        if (calls === 2) throw Object.assign(new Error('EAGAIN'), { code: 'EAGAIN' });
        const bytes = Buffer.from(data).subarray(0, 4);
        written.push(bytes);
        return bytes.length;
      },
      fallback: (chunk) => handed.push(chunk),
    });
    write('line-1\n');
    write('line-2\n');
    expect(Buffer.concat(written).toString() + text(handed)).toBe('line-1\nline-2\n');
    expect(text(handed)).toBe('-1\nline-2\n');
    expect(calls).toBe(2);
  });

  it('takes a write that makes no progress for a refusal, rather than spinning', () => {
    const handed: (string | Uint8Array)[] = [];
    let calls = 0;
    const write = createFdWriter({
      writeSync: () => (calls++ === 0 ? 2 : 0),
      fallback: (chunk) => handed.push(chunk),
    });
    write('line-1\n');
    expect(text(handed)).toBe('ne-1\n');
    expect(calls).toBe(2);
  });
});
