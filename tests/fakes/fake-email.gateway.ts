import type {
  EmailGateway,
  EmailMessage,
} from '../../src/repositories/email/email.gateway.port.ts';

/** Records what it was asked to send; `failing = true` makes every send reject. */
export class FakeEmailGateway implements EmailGateway {
  readonly sent: EmailMessage[] = [];
  failing = false;

  send(message: EmailMessage): Promise<void> {
    if (this.failing) return Promise.reject(new Error('email provider unavailable (fake)'));
    this.sent.push(message);
    return Promise.resolve();
  }
}
