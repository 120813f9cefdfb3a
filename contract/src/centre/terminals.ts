import { Type, type Static } from 'typebox';
import { DEVICE_IDS } from '../devices.js';
import { closed, oneOf } from '../schema.js';
import { RegionUnitSchema } from './heartbeat.js';

/** The centre's JSON listing of every terminal, for monitoring pages and tools. */
export const TERMINALS_PATH = '/api/v1/terminals';

export const PRESENCES = ['online', 'degraded', 'offline', 'unknown', 'closed'] as const;
export type Presence = (typeof PRESENCES)[number];

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) =>
  Type.Union([schema, Type.Null()]);

/**
 * Device states as stored from the latest heartbeat: free strings here, because a terminal
 * running an older release may have sent a state this centre's registry no longer lists.
 */
const StoredDeviceStatesSchema = Type.Object(
  Object.fromEntries(DEVICE_IDS.map((d) => [d, Type.Optional(Type.String())])),
  { additionalProperties: false },
);

export const ServiceCountSchema = closed({
  serviceId: Type.String(),
  serviceName: Type.String(),
  count: Type.Integer({ minimum: 0 }),
});
export type ServiceCount = Static<typeof ServiceCountSchema>;

export const TerminalOverviewSchema = closed({
  terminalId: Type.String(),
  /** null until the terminal's first heartbeat (events may arrive before it). */
  name: Nullable(Type.String()),
  community: Nullable(closed({ name: Type.String(), code: Type.String(), kind: Type.String() })),
  region: Nullable(
    closed({
      street: RegionUnitSchema,
      county: RegionUnitSchema,
      city: RegionUnitSchema,
      province: RegionUnitSchema,
    }),
  ),
  presence: oneOf(PRESENCES),
  /** Centre clock of the latest heartbeat. */
  lastSeenAt: Nullable(Type.String()),
  devices: Nullable(StoredDeviceStatesSchema),
  outboxPending: Nullable(Type.Integer({ minimum: 0 })),
  /** Tickets issued today (local day in the centre's time zone, by corrected time). */
  today: closed({ ticketsByService: Type.Array(ServiceCountSchema), total: Type.Integer() }),
});
export type TerminalOverview = Static<typeof TerminalOverviewSchema>;
export type StoredDeviceStates = NonNullable<TerminalOverview['devices']>;

export const TerminalListSchema = Type.Array(TerminalOverviewSchema);
