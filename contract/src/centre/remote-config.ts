import { Type, type Static } from 'typebox';
import { Compile } from 'typebox/compile';
import { Code, IsoTime, TerminalId, Token, closed } from '../schema.js';
import { AnnouncementSchema, EmergencyWarningSchema } from './warnings.js';

/**
 * Remote configuration (docs/remote-config.md): the centre publishes releases for a region or
 * one terminal, composes one signed document per terminal, and the terminal fetches it with a
 * signed request when a heartbeat reply says a newer version is available.
 */
export const CONFIG_PATH = '/api/v1/config';

/** Versions only grow: each release takes the next number of the centre's one sequence. */
export const ConfigVersionSchema = Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER });

/** The parts a release may carry, checked by @bianmin/config's validators (remote-parts.ts). */
export const CONFIG_PARTS = ['services', 'serviceHours', 'closures'] as const;
export type ConfigPart = (typeof CONFIG_PARTS)[number];

const MAX_NOTICES = 50;
const Warnings = Type.Array(EmergencyWarningSchema, { maxItems: MAX_NOTICES });
const Announcements = Type.Array(AnnouncementSchema, { maxItems: MAX_NOTICES });

/** A region by its area code (2, 4, 6, 9 or 12 digits; codes nest by prefix), or one terminal. */
export const ConfigScopeSchema = Type.Union([
  closed({ region: Type.String({ pattern: '^(\\d{2}|\\d{4}|\\d{6}|\\d{9}|\\d{12})$' }) }),
  closed({ terminalId: TerminalId }),
]);
export type ConfigScope = Static<typeof ConfigScopeSchema>;

/**
 * What an administrator publishes. A part present replaces that part of the scope's
 * configuration; null removes it (the terminal then gets it from a wider scope, or keeps its
 * own file); absent leaves it as it was. `warnings: []` withdraws the scope's warnings.
 */
export const ConfigReleaseSchema = closed({
  scope: ConfigScopeSchema,
  /** The whole catalogue, as services.json (docs/configuration.md). */
  services: Type.Optional(Type.Union([Type.Unknown(), Type.Null()])),
  /** As terminal.json's serviceHours. */
  serviceHours: Type.Optional(Type.Union([Type.Unknown(), Type.Null()])),
  /** Declared closures, as regions.json's closures. */
  closures: Type.Optional(Type.Union([Type.Unknown(), Type.Null()])),
  announcements: Type.Optional(Type.Union([Announcements, Type.Null()])),
  warnings: Type.Optional(Type.Union([Warnings, Type.Null()])),
});
export type ConfigRelease = Static<typeof ConfigReleaseSchema>;

export const ADMIN_CONFIG_RELEASES_PATH = '/api/v1/admin/config-releases';
/** What a terminal would receive now, unsigned (administrator). */
export const ADMIN_CONFIG_PREVIEW_PATH = '/api/v1/admin/terminals/:terminalId/config';

export const ConfigReleaseReplySchema = closed({
  version: ConfigVersionSchema,
  publishedAt: IsoTime,
});
export type ConfigReleaseReply = Static<typeof ConfigReleaseReplySchema>;

/** One terminal's configuration as the centre composed it. */
export const ConfigDocumentSchema = closed({
  terminalId: TerminalId,
  /** The community the centre registered the terminal in. */
  communityCode: Code,
  version: ConfigVersionSchema,
  issuedAt: IsoTime,
  services: Type.Optional(Type.Unknown()),
  serviceHours: Type.Optional(Type.Unknown()),
  closures: Type.Optional(Type.Unknown()),
  warnings: Warnings,
  announcements: Announcements,
});
export type ConfigDocument = Static<typeof ConfigDocumentSchema>;

/** The terminal asks for its document; it says the version it runs (0: none). */
export const ConfigRequestSchema = closed({
  terminalId: TerminalId,
  running: ConfigVersionSchema,
});
export type ConfigRequest = Static<typeof ConfigRequestSchema>;

/**
 * The document's JSON text exactly as signed (no re-serialising on either side), the
 * centre's signature over its UTF-8 bytes, and the scheme's name.
 */
export const SignedConfigSchema = closed({
  document: Type.String({ minLength: 2, maxLength: 900_000 }),
  algorithm: Token,
  signature: Type.String({ minLength: 1, maxLength: 1024 }),
});
export type SignedConfig = Static<typeof SignedConfigSchema>;

/** The centre's config-signing public key, as the terminal pins it at enrolment. */
export const ConfigKeySchema = closed({
  algorithm: Token,
  publicKey: Type.String({ minLength: 1, maxLength: 1024 }),
});
export type ConfigKey = Static<typeof ConfigKeySchema>;

/** In a heartbeat reply: the newest configuration version for this terminal. */
export const ConfigAvailableSchema = closed({ version: ConfigVersionSchema });

/**
 * The terminal checks what it receives itself (it has no schema-validating server in that
 * direction): compiled once, at first use.
 */
let compiled:
  | {
      signed: ReturnType<typeof Compile<typeof SignedConfigSchema>>;
      document: ReturnType<typeof Compile<typeof ConfigDocumentSchema>>;
    }
  | undefined;
const checks = () =>
  (compiled ??= { signed: Compile(SignedConfigSchema), document: Compile(ConfigDocumentSchema) });
export const isSignedConfig = (value: unknown): value is SignedConfig =>
  checks().signed.Check(value);
export const isConfigDocument = (value: unknown): value is ConfigDocument =>
  checks().document.Check(value);
