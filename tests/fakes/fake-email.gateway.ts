import type {
  EmailGateway,
  WelcomeEmail,
} from '../../src/repositories/email/email.gateway.port.ts';

/** Records what it was asked to send; `failing = true` makes every send reject. */
export class FakeEmailGateway implements EmailGateway {
  readonly sent: WelcomeEmail[] = [];
  failing = false;

  sendWelcome(message: WelcomeEmail): Promise<void> {
    if (this.failing) return Promise.reject(new Error('email provider unavailable (fake)'));
    this.sent.push(message);
    return Promise.resolve();
  }
}
