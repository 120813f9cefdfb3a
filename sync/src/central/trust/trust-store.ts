import type { Result } from '@bianmin/common';
import type { TerminalIdentity } from '@bianmin/contract';

/** A terminal the administrator created, with its key once it enrolled. */
export interface RegisteredTerminal {
  terminalId: string;
  terminal: TerminalIdentity;
  createdAt: string;
  /** Set by enrolment; null while awaiting it. */
  key: { algorithm: string; publicKey: string; enrolledAt: string } | null;
  revokedAt: string | null;
}

type EnrolmentRefusal =
  'enrolment-token-unknown' | 'enrolment-token-used' | 'enrolment-token-expired';

/**
 * The centre's register of terminals and their keys. Promise-returning so a PostgreSQL
 * implementation can sit behind it; every method is one atomic step.
 */
export interface TerminalRegistry {
  /** Creates the terminal with its first enrolment token; refused if the id is taken. */
  create(
    terminalId: string,
    terminal: TerminalIdentity,
    token: IssuedToken,
  ): Promise<Result<void, 'exists'>>;
  get(terminalId: string): Promise<RegisteredTerminal | undefined>;
  /** A new token for an existing terminal; earlier unused ones stop working. */
  issueToken(terminalId: string, token: IssuedToken): Promise<Result<void, 'unknown'>>;
  /**
   * Uses the token once: sets the terminal's key, ending any revocation. The token must be
   * for this terminal, unused and unexpired at `at`; presented again with the key it
   * registered (an enrolment whose reply was lost), it succeeds again and changes nothing.
   */
  enrol(input: {
    terminalId: string;
    tokenSha256: string;
    algorithm: string;
    publicKey: string;
    at: Date;
  }): Promise<Result<RegisteredTerminal, EnrolmentRefusal>>;
  /** Refuses the terminal's signatures from now on and cancels its unused tokens. */
  revoke(terminalId: string, at: Date): Promise<Result<void, 'unknown'>>;
}

export interface IssuedToken {
  sha256: string;
  issuedAt: Date;
  expiresAt: Date;
}

/** Nonces seen inside the time window; kept until they could no longer be replayed. */
export interface NonceStore {
  /** Records the nonce; false if this terminal already used it and it is still kept. */
  remember(terminalId: string, nonce: string, keepUntil: Date, now: Date): Promise<boolean>;
}
