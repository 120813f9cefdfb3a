import { err, ok, type Result } from '@bianmin/common';
import {
  ConfigKeySchema,
  DeliveryPositionSchema,
  EnrolmentReplySchema,
  ErrorReplySchema,
  HeartbeatReplySchema,
  TicketCountersReplySchema,
  closed,
  type ConfigKey,
  type DeliveryPosition,
  type HeartbeatReply,
  type TicketCountersReply,
} from '@bianmin/contract';
import { Type, type Static, type TSchema } from 'typebox';
import { Compile, type Validator } from 'typebox/compile';

/*
 * What the uploader reads out of the centre's replies, checked with the contract's schemas
 * before the outbox, the ticket counters or the configuration key trust them. The contract's
 * objects are closed; fields a reply carries beyond its schema are dropped before the check, so
 * a newer centre that adds one does not make the terminals already in the field refuse it.
 */

type Reader<T> = (value: unknown) => Result<T, string>;

/** Compiled at first use: most replies are never read in a run (ticket counters, enrolment). */
function readerOf<S extends TSchema>(schema: S, what: string): Reader<Static<S>> {
  let compiled: Validator | undefined;
  return (value) => {
    const check = (compiled ??= Compile(schema));
    // Clean drops unknown fields in place; the reply is not the caller's to change.
    const cleaned = check.Clean(structuredClone(value));
    if (check.Check(cleaned)) return ok(cleaned as Static<S>);
    const [first] = check.Errors(cleaned);
    return err(
      `${what}: ${first ? `${first.instancePath || 'the body'} ${first.message}` : 'invalid'}`,
    );
  };
}

/** A batch reply. An older centre names no epoch: its one sequence is the legacy epoch's. */
const readBatchPosition = readerOf(
  closed({
    ...DeliveryPositionSchema.properties,
    epoch: Type.Optional(DeliveryPositionSchema.properties.epoch),
  }),
  'batch reply',
);
const readHeartbeatReply = readerOf(HeartbeatReplySchema, 'heartbeat reply');
const readTicketCounters = readerOf(TicketCountersReplySchema, 'ticket-counters reply');
/** A refusal's body: the centre's one error reply. */
export const readErrorReply = readerOf(ErrorReplySchema, 'error reply');
/**
 * The enrolment's own part of its reply. The key for configuration is read on its own: the
 * centre would send the same bad key to every retry, and failing the enrolment on it would
 * stop every upload and heartbeat for the sake of remote configuration alone.
 */
const readEnrolled = readerOf(Type.Omit(EnrolmentReplySchema, ['configKey']), 'enrolment reply');
const readConfigKey = readerOf(ConfigKeySchema, 'configKey');

/** The centre's position for this outbox's epoch, or why the value is not one. */
function positionFor(
  position: { epoch?: string | undefined; ackedUpTo: number },
  epoch: string,
): Result<DeliveryPosition, string> {
  if (position.epoch !== undefined && position.epoch !== epoch) {
    return err(`reply is for epoch ${position.epoch}, not this outbox's ${epoch}`);
  }
  return ok({ epoch, ackedUpTo: position.ackedUpTo });
}

/** The centre's position in a batch reply, or why the reply does not carry a valid one. */
export function batchPositionOf(value: unknown, epoch: string): Result<DeliveryPosition, string> {
  const reply = readBatchPosition(value);
  return reply.ok ? positionFor(reply.value, epoch) : reply;
}

/** What the terminal takes from a heartbeat reply, or why the reply is not valid. */
export function heartbeatReplyOf(
  value: unknown,
  epoch: string,
): Result<{ delivery?: DeliveryPosition; configVersion?: number }, string> {
  const reply = readHeartbeatReply(value);
  if (!reply.ok) return reply;
  const { delivery, config }: HeartbeatReply = reply.value;
  // A centre older than epochs says nothing about its position.
  const position = delivery && positionFor(delivery, epoch);
  if (position && !position.ok) return position;
  return ok({
    ...(position && { delivery: position.value }),
    ...(config && { configVersion: config.version }),
  });
}

/** The counters of a ticket-counters reply, or why the reply is not valid. */
export function countersOf(value: unknown): Result<TicketCountersReply['counters'], string> {
  const reply = readTicketCounters(value);
  return reply.ok ? ok(reply.value.counters) : reply;
}

/** When the centre enrolled the terminal, and the key it signs configuration with, if valid. */
export function enrolmentReplyOf(
  value: unknown,
): Result<{ enrolledAt: string; configKey?: ConfigKey }, string> {
  const reply = readEnrolled(value);
  if (!reply.ok) return reply;
  const key = readConfigKey((value as { configKey?: unknown } | null)?.configKey);
  return ok({ enrolledAt: reply.value.enrolledAt, ...(key.ok && { configKey: key.value }) });
}
