/**
 * The fleet simulator (docs/benchmarks.md, "The fleet simulator"): N terminals enrolled through
 * the centre's real administrator and enrolment routes, then hour by simulated hour each
 * sends a signed heartbeat and a signed event batch (tickets, ratings and its service-time
 * record of the hour). In-process, the centre runs on a simulated clock, so a month takes
 * seconds; against a running centre (--centre) requests are signed by the real clock and
 * the events keep their simulated times, as a terminal back after a long time offline.
 */
import { join } from 'node:path';
import {
  ADMIN_TERMINALS_PATH,
  COVERAGE_PATH,
  ENROL_PATH,
  EVENTS_PATH,
  HEARTBEAT_PATH,
  type CoverageFigure,
  type CoverageReport,
  type EventBatch,
  type HeartbeatBody,
  type TerminalEvent,
} from '@bianmin/contract';
import {
  buildCentralServer,
  createTerminalRequest,
  openCentralDatabase,
} from '@bianmin/sync/central';
import {
  loadTerminalCredentials,
  memoryKeyStore,
  type TerminalCredentials,
} from '@bianmin/sync/terminal-identity';
import { newEnrolmentToken } from '../../sync/src/central/trust/index.js';
import { openPostgresStorage } from '../../sync/src/central/storage/postgres/open-storage.js';
import { httpLink, injectLink, type CentreLink } from './centre-link.js';
import {
  DAY_MS,
  FLEET_REGIONS,
  FLEET_TIME_ZONE,
  HOUR_MS,
  dayCovered,
  dayKind,
  fleetCommunities,
  fleetTerminals,
  hourEvents,
  isServiceDay,
  localDay,
  localMidnight,
  random,
  type DayKind,
  type SimTerminal,
} from './fleet-plan.js';

export interface FleetOptions {
  terminals: number;
  days: number;
  /** First local day, 'YYYY-MM-DD' (default: `days` days before today). */
  start?: string;
  seed?: number;
  /** A running centre; without it one starts in-process on a SQLite file in dataDir. */
  centreUrl?: string;
  /** The running centre's CENTRAL_ADMIN_TOKEN. */
  adminToken?: string;
  /** PostgreSQL for the in-process centre (refused until every store has a PG version). */
  databaseUrl?: string;
  /** Where the in-process centre keeps central.sqlite. */
  dataDir: string;
  /** Requests in flight at once. */
  concurrency?: number;
  /** Called after each simulated day. */
  onDay?: (day: string, sent: FleetCounts) => void;
}

interface FleetCounts {
  requests: { enrol: number; heartbeat: number; events: number };
  /** Replies other than 200, by path and status: none in a healthy run. */
  refused: Record<string, number>;
  events: number;
  eventsByType: Record<string, number>;
}

export interface FleetSummary extends FleetCounts {
  terminals: number;
  days: number;
  from: string;
  to: string;
  elapsedMs: number;
  /** The covered community-days the plan implies (served weekdays). */
  expected: { communityDays: number; coveredDays: number };
  /** The centre's GET /api/v1/coverage for the period, urban communities. */
  coverage: CoverageFigure;
  /** Rows in the in-process centre's events table (undefined against a running centre). */
  centreEvents: number | undefined;
  /** Each terminal's last seq sent (its epoch is `fleet-<terminal id>`). */
  lastSeq: Record<string, number>;
}

interface Simulated extends SimTerminal {
  credentials: TerminalCredentials;
  seq: number;
  rand: () => number;
  kind: DayKind;
  /** Start of the stretch the terminal was switched off, reported when it is back. */
  offSince: number | undefined;
}

/** Runs `jobs` with at most `limit` in flight. */
async function inBatches<T>(items: T[], limit: number, job: (item: T) => Promise<void>) {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await job(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

const defaultStart = (days: number) => localDay(Date.now() - days * DAY_MS);

export async function runFleet(options: FleetOptions): Promise<FleetSummary> {
  const started = performance.now();
  const from = options.start ?? defaultStart(options.days);
  const firstMidnight = localMidnight(from);
  const lastDayStart = firstMidnight + (options.days - 1) * DAY_MS;
  let simNow = firstMidnight;
  const external = options.centreUrl !== undefined;
  // Signing time and sentAt: the simulated clock in-process, the real one against a centre.
  const clock = external ? () => new Date() : () => new Date(simNow);
  const adminToken = options.adminToken ?? newEnrolmentToken();

  let link: CentreLink;
  let countEvents = async (): Promise<number | undefined> => undefined;
  let close = async () => undefined as void;
  if (options.centreUrl !== undefined) {
    link = httpLink(options.centreUrl);
  } else if (options.databaseUrl !== undefined) {
    const stores = await openPostgresStorage(options.databaseUrl);
    const app = buildCentralServer({
      stores,
      now: () => new Date(simNow),
      timeZone: FLEET_TIME_ZONE,
      regions: FLEET_REGIONS,
      communities: fleetCommunities(fleetTerminals(options.terminals)),
      trust: { adminToken },
    });
    await app.ready();
    link = injectLink(app);
    countEvents = async () => {
      const rows = await stores.pool.query<{ n: string }>('SELECT COUNT(*) AS n FROM events');
      return Number(rows.rows[0]!.n);
    };
    close = async () => {
      await app.close();
      await stores.close();
    };
  } else {
    const opened = openCentralDatabase(join(options.dataDir, 'central.sqlite'));
    if (!opened.ok) throw new Error(opened.error.message);
    const centreDb = opened.value;
    const app = buildCentralServer({
      db: centreDb,
      now: () => new Date(simNow),
      timeZone: FLEET_TIME_ZONE,
      regions: FLEET_REGIONS,
      communities: fleetCommunities(fleetTerminals(options.terminals)),
      trust: { adminToken },
    });
    await app.ready();
    link = injectLink(app);
    countEvents = async () =>
      centreDb.prepare('SELECT COUNT(*) FROM events').pluck().get() as number;
    close = async () => {
      await app.close();
      centreDb.close();
    };
  }

  const counts: FleetCounts = {
    requests: { enrol: 0, heartbeat: 0, events: 0 },
    refused: {},
    events: 0,
    eventsByType: {},
  };
  const note = (path: string, status: number) => {
    if (status !== 200 && status !== 201) {
      const key = `${path} ${status}`;
      counts.refused[key] = (counts.refused[key] ?? 0) + 1;
    }
    return status;
  };
  const signedPost = (credentials: TerminalCredentials, path: string, body: unknown) => {
    const bytes = Buffer.from(JSON.stringify(body));
    return link.post(path, bytes, credentials.sign('POST', path, bytes));
  };

  const concurrency = options.concurrency ?? 32;
  const seed = options.seed ?? 1;
  const fleet: Simulated[] = [];
  try {
    // Enrolment as an installer does it: the administrator creates the terminal, the
    // terminal makes its key and enrols with the one-time token.
    await inBatches(fleetTerminals(options.terminals), concurrency, async (terminal) => {
      const created = await link.post(
        ADMIN_TERMINALS_PATH,
        Buffer.from(
          JSON.stringify(
            createTerminalRequest({ terminalId: terminal.terminalId, ...terminal.identity }),
          ),
        ),
        { authorization: `Bearer ${adminToken}` },
      );
      if (note(ADMIN_TERMINALS_PATH, created.status) !== 201) {
        throw new Error(`creating ${terminal.terminalId}: ${created.status} ${created.body}`);
      }
      const { enrolmentToken } = JSON.parse(created.body) as { enrolmentToken: string };
      const loaded = loadTerminalCredentials({
        terminalId: terminal.terminalId,
        store: memoryKeyStore(),
        enrolmentToken,
        now: clock,
      });
      if (!loaded.ok) throw new Error(loaded.error.detail);
      const credentials = loaded.value;
      const enrolled = await signedPost(credentials, ENROL_PATH, credentials.enrolmentDue());
      counts.requests.enrol += 1;
      if (note(ENROL_PATH, enrolled.status) !== 200) {
        throw new Error(`enrolling ${terminal.terminalId}: ${enrolled.status} ${enrolled.body}`);
      }
      const marked = credentials.markEnrolled(
        (JSON.parse(enrolled.body) as { enrolledAt: string }).enrolledAt,
      );
      if (!marked.ok) throw new Error(marked.error.detail);
      const index = fleet.length;
      fleet.push({
        ...terminal,
        credentials,
        seq: 0,
        rand: random(seed * 1_000_003 + index),
        kind: 'served',
        offSince: undefined,
      });
    });

    const expected = { communityDays: 0, coveredDays: 0 };
    const epoch = (t: Simulated) => `fleet-${t.terminalId}`;

    const tick = async (t: Simulated, hourStart: number) => {
      if (t.kind === 'off') {
        t.offSince ??= hourStart;
        return;
      }
      const planned = hourEvents(hourStart, t.kind, t.rand);
      if (t.offSince !== undefined) {
        // Back after being switched off: the agent reports the gap as its first record.
        planned.unshift({
          type: 'service-time.recorded',
          createdAt: new Date(hourStart).toISOString(),
          payload: {
            state: 'off',
            from: new Date(t.offSince).toISOString(),
            to: new Date(hourStart).toISOString(),
          },
        });
        t.offSince = undefined;
      }
      const sentAt = clock().toISOString();
      const events = planned.map((e) => ({ ...e, seq: ++t.seq }) as TerminalEvent);
      const batch: EventBatch = { terminalId: t.terminalId, epoch: epoch(t), sentAt, events };
      const ingested = await signedPost(t.credentials, EVENTS_PATH, batch);
      counts.requests.events += 1;
      if (note(EVENTS_PATH, ingested.status) === 200) {
        counts.events += events.length;
        for (const e of events)
          counts.eventsByType[e.type] = (counts.eventsByType[e.type] ?? 0) + 1;
      }
      const heartbeat: HeartbeatBody = {
        terminalId: t.terminalId,
        sentAt,
        intervalSeconds: 3600,
        terminal: t.identity,
        devices: { idCardReader: 'ready', printer: t.kind === 'fault' ? 'no-paper' : 'ready' },
        outboxPending: 0,
        outboxEpoch: epoch(t),
      };
      const beat = await signedPost(t.credentials, HEARTBEAT_PATH, heartbeat);
      counts.requests.heartbeat += 1;
      note(HEARTBEAT_PATH, beat.status);
    };

    for (let d = 0; d < options.days; d++) {
      const dayStart = firstMidnight + d * DAY_MS;
      for (const t of fleet) {
        t.kind = dayKind(t.rand);
        if (isServiceDay(dayStart)) expected.communityDays += 1;
        if (dayCovered(t.kind, dayStart)) expected.coveredDays += 1;
      }
      for (let h = 0; h < 24; h++) {
        const hourStart = dayStart + h * HOUR_MS;
        // The hour's record and batch go out as it ends.
        simNow = hourStart + HOUR_MS;
        await inBatches(fleet, concurrency, (t) => tick(t, hourStart));
      }
      options.onDay?.(localDay(dayStart), counts);
    }

    // Terminals switched off on the last day report the gap once they are back.
    simNow = lastDayStart + DAY_MS + HOUR_MS;
    const to = localDay(lastDayStart);
    const report = await link.get(`${COVERAGE_PATH}?from=${from}&to=${to}`);
    if (report.status !== 200)
      throw new Error(`coverage answered ${report.status}: ${report.body}`);
    const coverage = (JSON.parse(report.body) as CoverageReport).region.urban;
    const centreEvents = await countEvents();
    return {
      ...counts,
      terminals: options.terminals,
      days: options.days,
      from,
      to,
      elapsedMs: performance.now() - started,
      expected,
      coverage,
      centreEvents,
      lastSeq: Object.fromEntries(fleet.map((t) => [t.terminalId, t.seq])),
    };
  } finally {
    await close();
  }
}
