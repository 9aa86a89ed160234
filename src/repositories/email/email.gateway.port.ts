/** One email as the provider receives it. */
export interface EmailMessage {
  readonly to: string;
  readonly subject: string;
  readonly text: string;
}

/** The email gateway port (the clean-architecture reference's `IEmailGateway`). */
export interface EmailGateway {
  /** Resolves when the provider accepted the message; rejects when it did not. */
  send(message: EmailMessage): Promise<void>;
}
