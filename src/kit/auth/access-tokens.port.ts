/** What an access token says: whose it is, in which role and session, and its own id. */
export interface AccessClaims {
  /** The user id. */
  readonly sub: string;
  readonly role: string;
  /** The session (refresh-token family) the token belongs to. */
  readonly sid: string;
  readonly jti: string;
}

export interface IssuedAccessToken {
  readonly token: string;
  /** Seconds until it expires. */
  readonly expiresIn: number;
}

/** Issues and verifies access tokens; the port logic modules use. */
export interface AccessTokens {
  issue(claims: AccessClaims): Promise<IssuedAccessToken>;
  /**
   * @throws {TokenExpiredError} for an expired token.
   * @throws {InvalidTokenError} for anything else that is not a token this service issued.
   */
  verify(token: string): Promise<AccessClaims>;
}
