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

export const DevStateSchema = closed({
  identities: Type.Array(closed({ key: Type.String(), label: Type.String() })),
  card: DevCardSchema,
  scanner: DevScannerSchema,
  printer: DevPrinterConditionSchema,
  receipts: Type.Array(
    closed({ printedAt: Type.String(), text: Type.String(), svg: Type.String() }),
  ),
});
export type DevState = Static<typeof DevStateSchema>;

export const DevCardReplySchema = closed({ card: DevCardSchema });
export type DevCardReply = Static<typeof DevCardReplySchema>;

export const DevPrinterReplySchema = closed({ printer: DevPrinterConditionSchema });
export type DevPrinterReply = Static<typeof DevPrinterReplySchema>;
