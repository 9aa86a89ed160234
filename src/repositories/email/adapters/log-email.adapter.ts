import type { Logger } from '../../../kit/log/logger.ts';
import type { EmailGateway } from '../email.gateway.port.ts';

/**
 * The default without a provider: writes emails to the log instead of sending them. With
 * `showContent` (APP_ENV local or test) the whole email is one info line
 * (`{"msg":"email","to","subject","text"}`) so a developer can follow its link; otherwise
 * (production) only that an email was not sent, never its text: it may hold a token.
 */
export function createLogEmailGateway(logger: Logger, { showContent = false } = {}): EmailGateway {
  return {
    send({ to, subject, text }) {
      if (showContent) logger.info('email', { to, subject, text });
      else logger.warn('email not sent: no provider configured', { subject });
      return Promise.resolve();
    },
  };
}
