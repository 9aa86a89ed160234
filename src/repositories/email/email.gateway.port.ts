/** A welcome email for a newly registered user. */
export interface WelcomeEmail {
  readonly userId: string;
  readonly to: string;
  readonly username: string;
}

/** The email gateway port (the clean-architecture reference's `IEmailGateway`). */
export interface EmailGateway {
  /** Resolves when the provider accepted the message; rejects when it did not. */
  sendWelcome(message: WelcomeEmail): Promise<void>;
}
