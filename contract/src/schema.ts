import { Type, type TProperties } from 'typebox';

/**
 * Building blocks shared by every wire message. Every object is closed and every string is
 * bounded, so a resident's personal data cannot ride along in a message by accident.
 */

/** Ids are kebab-case tokens: they name things, they never carry free text. */
export const Token = Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,63}$' });
export const Label = Type.String({ minLength: 1, maxLength: 64 });
export const Code = Type.String({ pattern: '^[0-9A-Za-z-]{1,32}$' });
export const IsoTime = Type.String({ format: 'date-time', maxLength: 40 });
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
