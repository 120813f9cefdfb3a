import { systemClock, type EventLogger, type Clock, type Result } from '@bianmin/common';
import { MAX_EVENTS_PER_BATCH, type ConfigKey, type TicketCountersReply } from '@bianmin/contract';
import type { Outbox } from '../outbox/index.js';
import type { TerminalCredentials } from '../terminal-identity/index.js';
import { uploadBatch } from './batch-upload.js';
import { createCentreClient } from './centre-client.js';
import { requestConfig, requestTicketCounters } from './centre-queries.js';
import { sendHeartbeat } from './heartbeat.js';
import type { HeartbeatSnapshot } from './heartbeat-body.js';
import { createSchedule } from './schedule.js';
import { singleFlight } from './single-flight.js';
import { createStepRecord } from './step-record.js';
import type { UploadError } from './upload-error.js';

export interface UploaderOptions {
  outbox: Pick<
    Outbox,
    'pending' | 'acknowledge' | 'rewind' | 'ackedUpTo' | 'pendingCount' | 'epoch' | 'heldFrom'
  >;
  terminalId: string;
  /** The terminal's key: every request is signed, and enrolment happens first when due. */
  credentials: TerminalCredentials;
  /** Base URL of the centre, e.g. https://centre.example.gov.cn/bianmin (no trailing path). */
  centreUrl: string;
  /** Called before every heartbeat; must not throw. */
  heartbeat: () => HeartbeatSnapshot;
  uploadIntervalMs: number;
  heartbeatIntervalMs: number;
  logger?: EventLogger;
  /** Stands in for the network in tests; the uploader posts with node:http otherwise. */
  fetch?: typeof fetch;
  random?: () => number;
  now?: () => Date;
  /** Drives the upload and heartbeat loops; tests pass a manual clock. */
  clock?: Clock;
  /**
   * Events per request at most (default, and the centre's limit: MAX_EVENTS_PER_BATCH); fewer
   * when their JSON would pass the centre's body limit (batch-bytes.ts).
   */
  batchSize?: number;
  /** Per-request timeout (default 15 s). */
  requestTimeoutMs?: number;
  /** The remote configuration version the terminal runs, sent in each heartbeat. */
  configVersion?: () => number;
  /** A heartbeat reply named the newest configuration version the centre has for us. */
  onConfigAvailable?: (version: number) => void;
  /** The enrolment reply carried the centre's configuration-signing key, to pin. */
  onCentreConfigKey?: (key: ConfigKey) => void;
}

export interface UploaderStatus {
  lastUploadOkAt: string | null;
  lastHeartbeatOkAt: string | null;
  consecutiveFailures: number;
  consecutiveHeartbeatFailures: number;
  pending: number;
}

export interface Uploader {
  start(): void;
  stop(): Promise<void>;
  uploadOnce(): Promise<Result<{ sent: number; ackedUpTo: number }, UploadError>>;
  heartbeatOnce(): Promise<Result<void, UploadError>>;
  /** Upload soon, e.g. right after an event was appended. Ignored while backing off. */
  nudge(): void;
  status(): UploaderStatus;
  /**
   * How far this terminal's queues had counted in [from, to) by the ticket events the centre
   * holds (a database file that replaced a lost one asks), with its own request timeout.
   */
  ticketCounters(
    range: { from: Date; to: Date },
    timeoutMs: number,
  ): Promise<Result<TicketCountersReply['counters'], UploadError>>;
  /** Fetches the terminal's signed configuration document; the reply is checked by the caller. */
  fetchConfig(running: number): Promise<Result<unknown, UploadError>>;
}

/**
 * The terminal's side of delivery: drains the outbox to the centre in signed batches and
 * sends heartbeats, each on its own loop; the parts are in this folder.
 */
export function createUploader(options: UploaderOptions): Uploader {
  const { outbox, terminalId, logger, credentials } = options;
  const random = options.random ?? Math.random;
  const now = options.now ?? (() => new Date());

  const client = createCentreClient({
    credentials,
    terminalId,
    centreUrl: options.centreUrl,
    timeoutMs: options.requestTimeoutMs ?? 15_000,
    fetch: options.fetch,
    logger,
    onCentreConfigKey: options.onCentreConfigKey,
  });
  const uploads = createStepRecord(logger, 'sync.batch-failed');
  const heartbeats = createStepRecord(logger, 'sync.heartbeat-failed');

  const upload = singleFlight(() =>
    uploadBatch({
      outbox,
      terminalId,
      batchSize: options.batchSize ?? MAX_EVENTS_PER_BATCH,
      client,
      record: uploads,
      now,
      logger,
    }),
  );
  const heartbeat = singleFlight(() =>
    sendHeartbeat({
      outbox,
      terminalId,
      intervalMs: options.heartbeatIntervalMs,
      client,
      record: heartbeats,
      now,
      snapshot: options.heartbeat,
      configVersion: options.configVersion,
      onConfigAvailable: options.onConfigAvailable,
      resend: () => schedule.nudge(),
      logger,
    }),
  );
  const schedule = createSchedule({
    upload,
    uploads,
    uploadIntervalMs: options.uploadIntervalMs,
    heartbeat,
    heartbeats,
    heartbeatIntervalMs: options.heartbeatIntervalMs,
    pendingCount: () => outbox.pendingCount(),
    random,
    clock: options.clock ?? systemClock,
  });

  return {
    start() {
      if (credentials.state() === 'no-token') logger?.event('sync.not-enrolled', { terminalId });
      schedule.start();
    },
    async stop() {
      await schedule.stop();
      // A manual uploadOnce or heartbeatOnce may still be out: it finishes (its reply moves the
      // ack marker) before the connections close.
      await Promise.allSettled([upload.current, heartbeat.current]);
      await client.close();
    },
    uploadOnce: upload.run,
    heartbeatOnce: heartbeat.run,
    nudge: schedule.nudge,
    ticketCounters: (range, timeoutMs) =>
      requestTicketCounters(client, terminalId, range, timeoutMs),
    fetchConfig: (running) => requestConfig(client, terminalId, running),
    status: () => ({
      lastUploadOkAt: uploads.lastOkAt,
      lastHeartbeatOkAt: heartbeats.lastOkAt,
      consecutiveFailures: uploads.failures.count,
      consecutiveHeartbeatFailures: heartbeats.failures.count,
      pending: outbox.pendingCount(),
    }),
  };
}
