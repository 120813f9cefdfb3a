import { Type, type Static } from 'typebox';
import { DeviceStatesSchema } from '../devices.js';
import { DeliveryPositionSchema, OutboxEpochSchema } from './events.js';
import { Code, IsoTime, Label, TerminalId, Token, closed } from '../schema.js';
import { ConfigAvailableSchema, ConfigVersionSchema } from './remote-config.js';

export const HEARTBEAT_PATH = '/api/v1/heartbeat';

export const RegionUnitSchema = closed({ name: Label, code: Code });
export type RegionUnit = Static<typeof RegionUnitSchema>;

export const TerminalIdentitySchema = closed({
  name: Label,
  community: closed({ name: Label, code: Code, kind: Token }),
  region: closed({
    street: RegionUnitSchema,
    county: RegionUnitSchema,
    city: RegionUnitSchema,
    province: RegionUnitSchema,
  }),
});
export type TerminalIdentity = Static<typeof TerminalIdentitySchema>;

export const HeartbeatSchema = closed({
  terminalId: TerminalId,
  sentAt: IsoTime,
  intervalSeconds: Type.Number({ exclusiveMinimum: 0, maximum: 86_400 }),
  terminal: TerminalIdentitySchema,
  devices: DeviceStatesSchema,
  outboxPending: Type.Integer({ minimum: 0 }),
  /** The outbox's current epoch; absent from terminals older than epochs. */
  outboxEpoch: Type.Optional(OutboxEpochSchema),
  /** The remote configuration version the terminal runs (docs/remote-config.md); 0 for none. */
  configVersion: Type.Optional(ConfigVersionSchema),
});
export type HeartbeatBody = Static<typeof HeartbeatSchema>;

export const HeartbeatReplySchema = closed({
  serverTime: Type.String(),
  /**
   * The centre's position on the heartbeat's outboxEpoch, so a terminal with nothing to send
   * still learns that a restored centre lacks events it acknowledged.
   */
  delivery: Type.Optional(DeliveryPositionSchema),
  /** The newest remote configuration for this terminal, when the centre has one. */
  config: Type.Optional(ConfigAvailableSchema),
});
export type HeartbeatReply = Static<typeof HeartbeatReplySchema>;
