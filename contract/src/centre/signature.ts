import { Type } from 'typebox';
import { TerminalId } from '../schema.js';

/**
 * How a terminal signs every request to the centre (docs/protocol.md, "Signed requests").
 * Header names are lower case as Node presents them; HTTP header names are case-insensitive.
 */
export const SIGNATURE_HEADERS = {
  /** The terminal id the signature is made by. */
  terminal: 'x-bianmin-terminal',
  /** The terminal's time of signing, corrected by the offset it learned: Unix milliseconds. */
  time: 'x-bianmin-time',
  /** A fresh random value per request, 16-64 characters of base64url. */
  nonce: 'x-bianmin-nonce',
  /** The signature of the canonical request, standard base64. */
  signature: 'x-bianmin-signature',
} as const;

/** On every reply of a terminal route, refusals included: the centre's clock, Unix milliseconds. */
export const SERVER_TIME_HEADER = 'x-bianmin-server-time';

/** The first line of every canonical request; a new version would change it. */
export const CANONICAL_REQUEST_VERSION = 'bianmin-request-v1';

export const TIME_HEADER_PATTERN = '^[0-9]{1,15}$';
export const NONCE_PATTERN = '^[A-Za-z0-9_-]{16,64}$';
export const SIGNATURE_PATTERN = '^[A-Za-z0-9+/]{1,512}={0,2}$';

/** The signed request's headers, for the API description (the centre checks them itself first). */
export const SignedRequestHeadersSchema = Type.Object({
  [SIGNATURE_HEADERS.terminal]: TerminalId,
  [SIGNATURE_HEADERS.time]: Type.String({ pattern: TIME_HEADER_PATTERN }),
  [SIGNATURE_HEADERS.nonce]: Type.String({ pattern: NONCE_PATTERN }),
  [SIGNATURE_HEADERS.signature]: Type.String({ pattern: SIGNATURE_PATTERN }),
});

export interface CanonicalRequestParts {
  /** Upper case, e.g. POST. */
  method: string;
  /** The route's path below the centre's base URL, e.g. /api/v1/events, without a query. */
  path: string;
  terminalId: string;
  timeMs: number;
  nonce: string;
  /** Lower-case hex SHA-256 of the exact body bytes (of nothing, for no body). */
  bodySha256: string;
}

/** The text that is signed: seven lines joined by LF, no trailing LF, UTF-8 (all ASCII). */
export function canonicalRequest(parts: CanonicalRequestParts): string {
  return [
    CANONICAL_REQUEST_VERSION,
    parts.method,
    parts.path,
    parts.terminalId,
    String(parts.timeMs),
    parts.nonce,
    parts.bodySha256,
  ].join('\n');
}

/**
 * Why the centre refused a signed request or an enrolment, as `error` of the error reply.
 * Each one changes nothing at the centre.
 */
export const TRUST_REFUSALS = {
  'signature-missing': 401,
  'signature-malformed': 401,
  'unknown-terminal': 401,
  'terminal-revoked': 403,
  'clock-skew': 401,
  'bad-signature': 401,
  'replayed-nonce': 401,
  'terminal-mismatch': 403,
  'unsupported-algorithm': 400,
  'bad-public-key': 400,
  'enrolment-token-unknown': 401,
  'enrolment-token-used': 401,
  'enrolment-token-expired': 401,
  'admin-disabled': 403,
  'admin-unauthorised': 401,
} as const;
export type TrustRefusal = keyof typeof TRUST_REFUSALS;
