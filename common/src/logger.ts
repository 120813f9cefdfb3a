import { pino, type Logger as PinoLogger } from 'pino';
import { LOG_EVENTS, type LogEventId } from './log-events.js';

/** Log fields are flat primitives: ids, counts, kinds, durations. */
export type LogFields = Readonly<Record<string, string | number | boolean | null | undefined>>;

export interface EventLogger {
  event(id: LogEventId, fields?: LogFields): void;
  /** The underlying pino instance, for Fastify's request logging. */
  readonly pino: PinoLogger;
}

/**
 * Keys that would hold a resident's personal data. The catalogue's callers never pass them;
 * this is a second line of defence so a mistake is redacted rather than written to disk.
 */
export const PERSONAL_DATA_KEYS = [
  'name',
  'idNumber',
  'address',
  'phone',
  'birthDate',
  'photo',
  'answers',
] as const;

export function createLogger(
  service: string,
  options: { level?: string; destination?: pino.DestinationStream } = {},
): EventLogger {
  const base = pino(
    {
      // 'service', not pino's 'name': 'name' is a personal-data key and is redacted.
      base: { service },
      level: options.level ?? process.env.LOG_LEVEL ?? 'info',
      redact: {
        paths: PERSONAL_DATA_KEYS.flatMap((k) => [k, `*.${k}`]),
        censor: '[redacted]',
      },
    },
    options.destination,
  );
  return {
    pino: base,
    event(id, fields = {}) {
      const spec = LOG_EVENTS[id];
      base[spec.level]({ ...fields, event: id, eventType: spec.type }, spec.meaning);
    },
  };
}
