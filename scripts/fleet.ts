/**
 * `npm run fleet -- --terminals N --days D [--centre URL --admin-token T] [--database URL]`:
 * drives a centre with a simulated fleet (scripts/fleet/simulate.ts) and prints a summary.
 */
import { parseArgs } from 'node:util';
import { makeTempDir } from '@bianmin/common/testing';
import { runFleet } from './fleet/simulate.js';

const { values } = parseArgs({
  options: {
    terminals: { type: 'string', default: '100' },
    days: { type: 'string', default: '30' },
    start: { type: 'string' },
    seed: { type: 'string', default: '1' },
    centre: { type: 'string' },
    'admin-token': { type: 'string', default: process.env.CENTRAL_ADMIN_TOKEN },
    database: { type: 'string' },
    'data-dir': { type: 'string' },
    concurrency: { type: 'string', default: '32' },
  },
});

const temp = values['data-dir'] === undefined ? makeTempDir() : undefined;
const summary = await runFleet({
  terminals: Number(values.terminals),
  days: Number(values.days),
  seed: Number(values.seed),
  concurrency: Number(values.concurrency),
  dataDir: values['data-dir'] ?? temp!.path,
  ...(values.start !== undefined && { start: values.start }),
  ...(values.centre !== undefined && { centreUrl: values.centre }),
  ...(values['admin-token'] !== undefined && { adminToken: values['admin-token'] }),
  ...(values.database !== undefined && { databaseUrl: values.database }),
  onDay: (day, sent) =>
    process.stderr.write(
      `${day}: ${sent.requests.events + sent.requests.heartbeat} requests, ${sent.events} events\n`,
    ),
});
temp?.remove();

const seconds = summary.elapsedMs / 1000;
const requests = summary.requests.enrol + summary.requests.heartbeat + summary.requests.events;
console.log(
  [
    `${summary.terminals} terminals, ${summary.days} days (${summary.from} to ${summary.to}) in ${seconds.toFixed(1)} s`,
    `requests: ${requests} (${summary.requests.enrol} enrolments, ${summary.requests.heartbeat} heartbeats, ${summary.requests.events} event batches), ${(requests / seconds).toFixed(0)}/s`,
    `refused: ${Object.keys(summary.refused).length === 0 ? 'none' : JSON.stringify(summary.refused)}`,
    `events sent and acknowledged: ${summary.events} ${JSON.stringify(summary.eventsByType)}`,
    `events held by the centre: ${summary.centreEvents ?? 'not known (running centre)'}`,
    `coverage, urban: ${summary.coverage.coveredDays} of ${summary.coverage.communityDays} community-days (${summary.coverage.percent ?? '-'} %); the plan implies ${summary.expected.coveredDays} of ${summary.expected.communityDays}`,
  ].join('\n'),
);
