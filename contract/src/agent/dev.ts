import { Type, type Static } from 'typebox';
import { closed, oneOf } from '../schema.js';
import { ScannerSymbologySchema } from './events.js';

/** The development panel's messages; the agent has these routes only on simulated hardware. */

export const DevCardRequestSchema = closed({
  action: oneOf(['place', 'place-badly', 'remove'] as const),
  key: Type.Optional(Type.String()),
});
export type DevCardRequest = Static<typeof DevCardRequestSchema>;

/** The simulated reader's card, or 'real-device' when the reader is not simulated. */
export const DevCardSchema = oneOf(['none', 'present', 'read', 'bad', 'real-device'] as const);
export type DevCard = Static<typeof DevCardSchema>;

export const DevPrinterConditionSchema = closed({
  paper: oneOf(['ok', 'near-end', 'out'] as const),
  coverOpen: Type.Boolean(),
  offline: Type.Boolean(),
});
export type DevPrinterCondition = Static<typeof DevPrinterConditionSchema>;

export const DevPrinterRequestSchema = Type.Partial(DevPrinterConditionSchema, {
  additionalProperties: false,
  minProperties: 1,
});
export type DevPrinterRequest = Static<typeof DevPrinterRequestSchema>;

/** What the panel can do with the scanner: drive its simulator, or nothing. */
export const DevScannerSchema = oneOf(['simulated', 'real-device', 'absent'] as const);
export type DevScanner = Static<typeof DevScannerSchema>;

/**
 * A code for the simulated scanner to send as real bytes. The text is not checked here, so
 * the panel can also show how the agent rejects a bad scan.
 */
export const DevScanRequestSchema = closed({
  symbology: ScannerSymbologySchema,
  text: Type.String({ maxLength: 4096 }),
});
export type DevScanRequest = Static<typeof DevScanRequestSchema>;

/** How many bytes the simulated scanner wrote for it, prefix and terminator included. */
export const DevScanReplySchema = closed({ bytes: Type.Integer({ minimum: 0 }) });
export type DevScanReply = Static<typeof DevScanReplySchema>;

/** The simulated devices whose cable the panel can pull. */
export const DevCableDeviceSchema = oneOf([
  'idCardReader',
  'printer',
  'scanner',
  'counterCallers',
  'counterDisplays',
] as const);
export type DevCableDevice = Static<typeof DevCableDeviceSchema>;

/** Whether each simulated device's cable is in; a real or absent device is left out. */
export const DevCablesSchema = Type.Partial(
  closed({
    idCardReader: Type.Boolean(),
    printer: Type.Boolean(),
    scanner: Type.Boolean(),
    counterCallers: Type.Boolean(),
    counterDisplays: Type.Boolean(),
  }),
  { additionalProperties: false },
);
export type DevCables = Static<typeof DevCablesSchema>;

/**
 * Pull a simulated device's cable (its port closes and vanishes) or put it back (the port
 * reappears and the device powers up); docs/devices.md, "Hot-plug".
 */
export const DevCableRequestSchema = closed({
  device: DevCableDeviceSchema,
  plugged: Type.Boolean(),
});
export type DevCableRequest = Static<typeof DevCableRequestSchema>;

export const DevCableReplySchema = closed({ cables: DevCablesSchema });
export type DevCableReply = Static<typeof DevCableReplySchema>;

/**
 * How a simulated device mangles its replies: a wrong checksum (wrong fixed bits for the
 * printer's one-byte status), replies cut short, or noise before each reply.
 */
export const DevCorruptionSchema = oneOf(['off', 'bad-checksum', 'truncated', 'noise'] as const);
export type DevCorruption = Static<typeof DevCorruptionSchema>;

/** The devices that answer requests, so have replies to corrupt (the scanner only sends). */
export const DevCorruptibleDeviceSchema = oneOf(['idCardReader', 'printer'] as const);

/** Each simulated device's corruption switch; a real device is left out. */
export const DevCorruptionsSchema = Type.Partial(
  closed({ idCardReader: DevCorruptionSchema, printer: DevCorruptionSchema }),
  { additionalProperties: false },
);
export type DevCorruptions = Static<typeof DevCorruptionsSchema>;

export const DevCorruptionRequestSchema = closed({
  device: DevCorruptibleDeviceSchema,
  corruption: DevCorruptionSchema,
});
export type DevCorruptionRequest = Static<typeof DevCorruptionRequestSchema>;

export const DevCorruptionReplySchema = closed({ corruption: DevCorruptionsSchema });
export type DevCorruptionReply = Static<typeof DevCorruptionReplySchema>;

export const DevStateSchema = closed({
  identities: Type.Array(closed({ key: Type.String(), label: Type.String() })),
  card: DevCardSchema,
  scanner: DevScannerSchema,
  printer: DevPrinterConditionSchema,
  cables: DevCablesSchema,
  corruption: DevCorruptionsSchema,
  receipts: Type.Array(
    closed({ printedAt: Type.String(), text: Type.String(), svg: Type.String() }),
  ),
});
export type DevState = Static<typeof DevStateSchema>;

export const DevCardReplySchema = closed({ card: DevCardSchema });
export type DevCardReply = Static<typeof DevCardReplySchema>;

export const DevPrinterReplySchema = closed({ printer: DevPrinterConditionSchema });
export type DevPrinterReply = Static<typeof DevPrinterReplySchema>;
