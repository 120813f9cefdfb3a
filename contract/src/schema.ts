import { Type, type TProperties } from 'typebox';

/**
 * Building blocks shared by every wire message. Every object is closed and every string is
 * bounded, so a resident's personal data cannot ride along in a message by accident.
 */

/** Ids are kebab-case tokens: they name things, they never carry free text. */
export const Token = Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,63}$' });
export const Label = Type.String({ minLength: 1, maxLength: 64 });
export const Code = Type.String({ pattern: '^[0-9A-Za-z-]{1,32}$' });
export const ISO_TIME_PATTERN =
  '^\\d{4}-\\d{2}-\\d{2}T([01]\\d|2[0-3]):[0-5]\\d:[0-5]\\d(\\.\\d{1,9})?(Z|[+-]([01]\\d|2[0-3]):[0-5]\\d)$';

/**
 * RFC 3339 as JavaScript's Date parses it. The date-time format alone accepts a leap second
 * (23:59:60) and an offset without minutes (+08), which Date cannot parse: the centre then
 * failed with a 500 instead of refusing the body. The format still checks the calendar
 * (no 02-30); the pattern keeps what Date reads.
 */
export const IsoTime = Type.String({
  format: 'date-time',
  pattern: ISO_TIME_PATTERN,
  maxLength: 40,
});
export const TerminalId = Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$' });
export const TicketNumber = Type.String({ pattern: '^[A-Za-z0-9-]{1,16}$' });
export const DurationMs = Type.Integer({ minimum: 0, maximum: 86_400_000 });

/** A closed object: unknown fields are refused, not stripped. */
export function closed<P extends TProperties>(properties: P) {
  return Type.Object(properties, { additionalProperties: false });
}

/** A string that is one of `values`, with the literal union as its static type. */
export function oneOf<const V extends readonly string[]>(values: V) {
  return Type.Unsafe<V[number]>({ type: 'string', enum: [...values] });
}
