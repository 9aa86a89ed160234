import type { EmailGateway } from '../email.gateway.port.ts';

export interface HttpEmailOptions {
  /** The provider's endpoint; receives `POST` with a JSON body. */
  readonly url: string;
  readonly apiKey: string;
  readonly from?: string;
  readonly timeoutMs?: number;
  readonly fetch?: typeof fetch;
}

/**
 * Sends email through an HTTP provider: one JSON `POST` with a bearer key, bounded by a
 * timeout. A non-2xx answer or a timeout rejects; the caller decides what that means.
 *
 * @example
 * const email = createHttpEmailGateway({ url: env.EMAIL_API_URL, apiKey: env.EMAIL_API_KEY });
 */
export function createHttpEmailGateway({
  url,
  apiKey,
  from = 'no-reply@example.com',
  timeoutMs = 5_000,
  fetch: send = fetch,
}: HttpEmailOptions): EmailGateway {
  return {
    async send({ to, subject, text }) {
      const response = await send(url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${apiKey}` },
        body: JSON.stringify({
          from,
          to,
          subject,
          text,
        }),
        signal: AbortSignal.timeout(timeoutMs),
      });
      await response.body?.cancel();
      if (!response.ok) throw new Error(`email provider answered ${response.status}`);
    },
  };
}
