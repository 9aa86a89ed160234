import { describe, expect, it } from 'vitest';
import { createLogger } from '../../../src/kit/log/logger.ts';
import { createHttpEmailGateway } from '../../../src/repositories/email/adapters/http-email.adapter.ts';
import { createLogEmailGateway } from '../../../src/repositories/email/adapters/log-email.adapter.ts';

const welcome = {
  to: 'ada@example.com',
  subject: 'Welcome',
  text: 'Hello ada: https://app.example.test/verify-email?token=secret-token',
};

describe('the HTTP email gateway', () => {
  it('POSTs one JSON message with the bearer key', async () => {
    const calls: { url: string; init: RequestInit }[] = [];
    const gateway = createHttpEmailGateway({
      url: 'https://mail.test/send',
      apiKey: 'key-1',
      fetch: (url, init) => {
        calls.push({ url: url as string, init: init ?? {} });
        return Promise.resolve(new Response('{}', { status: 202 }));
      },
    });
    await gateway.send(welcome);
    expect(calls).toHaveLength(1);
    const [call] = calls;
    expect(call?.url).toBe('https://mail.test/send');
    expect(call?.init.method).toBe('POST');
    expect(new Headers(call?.init.headers).get('authorization')).toBe('Bearer key-1');
    expect(JSON.parse(call?.init.body as string)).toMatchObject({
      to: 'ada@example.com',
      subject: 'Welcome',
    });
    expect(call?.init.signal).toBeInstanceOf(AbortSignal);
  });

  it('rejects when the provider refuses', async () => {
    const gateway = createHttpEmailGateway({
      url: 'https://mail.test/send',
      apiKey: 'k',
      fetch: () => Promise.resolve(new Response('no', { status: 503 })),
    });
    await expect(gateway.send(welcome)).rejects.toThrow('503');
  });

  it('gives up after its timeout', async () => {
    const gateway = createHttpEmailGateway({
      url: 'https://mail.test/send',
      apiKey: 'k',
      timeoutMs: 20,
      fetch: (_url, init) =>
        new Promise((_resolve, reject) => {
          init?.signal?.addEventListener('abort', () => {
            reject(init.signal?.reason as Error);
          });
        }),
    });
    await expect(gateway.send(welcome)).rejects.toThrow();
  });
});

describe('the log email gateway', () => {
  it('in production: logs that the email was not sent, never its text (it holds a token)', async () => {
    const lines: string[] = [];
    await createLogEmailGateway(createLogger({ write: (l) => lines.push(l) })).send(welcome);
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toContain('secret-token');
    expect(lines[0]).not.toContain('ada@example.com');
  });

  it('locally: the whole email as one JSON line a developer can follow', async () => {
    const lines: string[] = [];
    await createLogEmailGateway(createLogger({ write: (l) => lines.push(l) }), {
      showContent: true,
    }).send(welcome);
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0] ?? '')).toMatchObject({ level: 'info', msg: 'email', ...welcome });
  });
});
