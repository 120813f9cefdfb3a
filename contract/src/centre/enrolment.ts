import { Type, type Static } from 'typebox';
import { IsoTime, TerminalId, Token, closed, oneOf } from '../schema.js';
import { TerminalIdentitySchema } from './heartbeat.js';
import { ConfigKeySchema } from './remote-config.js';

/** A terminal sends its new public key with its one-time token (signed with the new key). */
export const ENROL_PATH = '/api/v1/enrol';

/** 32 random bytes, base64url without padding. */
export const EnrolmentTokenSchema = Type.String({ pattern: '^[A-Za-z0-9_-]{43}$' });

export const EnrolmentRequestSchema = closed({
  terminalId: TerminalId,
  token: EnrolmentTokenSchema,
  /** The signature scheme's name, e.g. ed25519. */
  algorithm: Token,
  /** The public key in the scheme's encoding (ed25519: the 32 raw bytes, standard base64). */
  publicKey: Type.String({ minLength: 1, maxLength: 1024 }),
});
export type EnrolmentRequest = Static<typeof EnrolmentRequestSchema>;

export const EnrolmentReplySchema = closed({
  terminalId: TerminalId,
  enrolledAt: IsoTime,
  /** The key the centre signs configuration with; the terminal pins it (docs/remote-config.md). */
  configKey: Type.Optional(ConfigKeySchema),
});
export type EnrolmentReply = Static<typeof EnrolmentReplySchema>;

/** Administrator routes: `Authorization: Bearer <CENTRAL_ADMIN_TOKEN>`. */
export const ADMIN_TERMINALS_PATH = '/api/v1/admin/terminals';
export const ADMIN_TERMINAL_PATH = '/api/v1/admin/terminals/:terminalId';
export const ADMIN_ENROLMENT_TOKEN_PATH = '/api/v1/admin/terminals/:terminalId/enrolment-token';
export const ADMIN_REVOKE_PATH = '/api/v1/admin/terminals/:terminalId/revoke';

export const TerminalIdParamsSchema = closed({ terminalId: TerminalId });

const TokenValidHours = Type.Integer({ minimum: 1, maximum: 24 * 30 });

export const CreateTerminalSchema = closed({
  terminalId: TerminalId,
  terminal: TerminalIdentitySchema,
  /** How long the enrolment token stays usable (default: the centre's setting). */
  tokenValidHours: Type.Optional(TokenValidHours),
});
export type CreateTerminal = Static<typeof CreateTerminalSchema>;

export const IssueTokenSchema = closed({ tokenValidHours: Type.Optional(TokenValidHours) });

export const EnrolmentTokenReplySchema = closed({
  terminalId: TerminalId,
  /** Shown once: the centre keeps only its SHA-256. */
  enrolmentToken: EnrolmentTokenSchema,
  expiresAt: IsoTime,
});
export type EnrolmentTokenReply = Static<typeof EnrolmentTokenReplySchema>;

export const TERMINAL_TRUST_STATES = ['awaiting-enrolment', 'enrolled', 'revoked'] as const;
export type TerminalTrustState = (typeof TERMINAL_TRUST_STATES)[number];

export const RegisteredTerminalSchema = closed({
  terminalId: TerminalId,
  terminal: TerminalIdentitySchema,
  state: oneOf(TERMINAL_TRUST_STATES),
  createdAt: IsoTime,
  algorithm: Type.Union([Token, Type.Null()]),
  enrolledAt: Type.Union([IsoTime, Type.Null()]),
  revokedAt: Type.Union([IsoTime, Type.Null()]),
});
export type RegisteredTerminalView = Static<typeof RegisteredTerminalSchema>;
