import { Type, type Static } from 'typebox';
import { closed, oneOf } from '../schema.js';

/**
 * The development panel's view of the counters' simulated hardware (docs/devices.md,
 * "Queue hardware"): press a caller keypad's keys, switch a keypad off, and see what the
 * callers and LED displays show and what was last spoken.
 */

const BusAddress = Type.Integer({ minimum: 1, maximum: 254 });

/** The keys of a caller keypad; `digits` are typed before it (the confirm codes, transfer). */
export const DevCallerKeySchema = oneOf([
  'call-next',
  'recall',
  'ask-rating',
  'pause',
  'transfer',
  'confirm',
] as const);

export const DevCallerKeyRequestSchema = closed({
  address: BusAddress,
  key: DevCallerKeySchema,
  digits: Type.Optional(Type.Array(Type.Integer({ minimum: 0, maximum: 9 }), { maxItems: 3 })),
});
export type DevCallerKeyRequest = Static<typeof DevCallerKeyRequestSchema>;

export const DevCallerAnsweringRequestSchema = closed({
  address: BusAddress,
  answering: Type.Boolean(),
});
export type DevCallerAnsweringRequest = Static<typeof DevCallerAnsweringRequestSchema>;

export const DevCounterHardwareSchema = closed({
  /** Null when the callers are real or absent. */
  callers: Type.Union([
    Type.Array(
      closed({
        address: BusAddress,
        counter: Type.Union([Type.Integer({ minimum: 1, maximum: 99 }), Type.Null()]),
        /** The six places, a space for each blank one; null before the host wrote it. */
        display: Type.Union([Type.String({ maxLength: 6 }), Type.Null()]),
        beeps: Type.Integer({ minimum: 0 }),
        pending: Type.Integer({ minimum: 0 }),
        answering: Type.Boolean(),
      }),
    ),
    Type.Null(),
  ]),
  /** Null when the displays are real or absent. */
  leds: Type.Union([
    Type.Array(closed({ address: BusAddress, text: Type.String({ maxLength: 64 }) })),
    Type.Null(),
  ]),
  /** The last call announced (or that failed), whatever the engine; null before any. */
  lastAnnouncement: Type.Union([
    closed({
      text: Type.String({ maxLength: 64 }),
      counter: Type.Integer({ minimum: 1, maximum: 99 }),
      at: Type.String(),
      outcome: oneOf([
        'spoken',
        'engine-missing',
        'no-audio-output',
        'engine-failed',
        'timeout',
      ] as const),
    }),
    Type.Null(),
  ]),
  /** The speech engine in use, e.g. "espeak-ng -v cmn → audio-device"; null without one. */
  speech: Type.Union([Type.String({ maxLength: 128 }), Type.Null()]),
});
export type DevCounterHardware = Static<typeof DevCounterHardwareSchema>;
