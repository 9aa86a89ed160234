import type { Logger } from '../../../kit/log/logger.ts';
import type { EmailGateway } from '../email.gateway.port.ts';

/**
 * The local default: writes one log line per email instead of sending it. It logs the
 * user id, not the address, so the log holds no personal data.
 */
export function createLogEmailGateway(logger: Logger): EmailGateway {
  return {
    sendWelcome({ userId }) {
      logger.info('email not sent (log gateway)', { template: 'welcome', userId });
      return Promise.resolve();
    },
  };
}
