import { Type, type Static } from 'typebox';
import { TerminalId, closed, oneOf } from '../schema.js';
import { PRESENCES } from './terminals.js';

/** Every presence change of one terminal, newest first, as the centre's sweeper decided them. */
export const PRESENCE_HISTORY_PATH = '/api/v1/terminals/:terminalId/presence';
export const MAX_PRESENCE_CHANGES = 500;

export const PresenceHistoryParamsSchema = closed({ terminalId: TerminalId });

/** A query string is text and the centre does not coerce types: the limit is digits, 1-500. */
export const PresenceHistoryQuerySchema = closed({
  limit: Type.Optional(Type.String({ pattern: '^([1-9][0-9]?|[1-4][0-9]{2}|500)$' })),
});

export const PresenceChangeSchema = closed({
  /** Centre clock; for offline, the moment the last missed heartbeat was due. */
  at: Type.String(),
  presence: oneOf(PRESENCES),
  /** null for the terminal's first recorded presence. */
  previous: Type.Union([oneOf(PRESENCES), Type.Null()]),
});
export type PresenceChange = Static<typeof PresenceChangeSchema>;

export const PresenceHistorySchema = closed({
  terminalId: Type.String(),
  changes: Type.Array(PresenceChangeSchema),
});
export type PresenceHistory = Static<typeof PresenceHistorySchema>;
