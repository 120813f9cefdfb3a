import { LOG_EVENTS } from './log-events.js';

/** docs/log-events.md, generated from the catalogue so the two cannot drift. */
export function renderLogEventsDoc(): string {
  const rows = Object.entries(LOG_EVENTS).map(
    ([id, spec]) => `| \`${id}\` | ${spec.type} | ${spec.level} | ${spec.meaning} |`,
  );
  return [
    '# Log-event catalogue',
    '',
    'Generated from `common/src/log-events.ts` by `npm run docs:log-events`; a unit test fails',
    'when this file is out of date. Every log line of the device agent and the central service',
    'is one of these events, written as JSON (pino) with the fields `event` and `eventType`.',
    'Fields carry ids, kinds, counts and durations only: never a name, ID number, address,',
    'phone number or form answer (keys with those names are redacted as a second safeguard).',
    '',
    '| id | type | level | meaning |',
    '| --- | --- | --- | --- |',
    ...rows,
    '',
  ].join('\n');
}
