import {
  createPeriodic,
  err,
  ok,
  systemClock,
  type Clock,
  type EventLogger,
  type Result,
} from '@bianmin/common';
import type { Outbox } from '../outbox/index.js';
import {
  ENROL_PATH,
  EVENTS_PATH,
  HEARTBEAT_PATH,
  MAX_EVENTS_PER_BATCH,
  TICKET_COUNTERS_PATH,
  TRUST_REFUSALS,
  CONFIG_PATH,
  type ConfigKey,
  type ConfigRequest,
  type EventBatch,
  type TicketCountersReply,
  type TicketCountersRequest,
} from '@bianmin/contract';
import type { TerminalCredentials } from '../terminal-identity/index.js';
import { retryDelayMs } from './backoff.js';
import { BATCH_BYTES, withinBytes } from './batch-bytes.js';
import { createFailureRun, type FailureRun } from './failure-run.js';
import { toHeartbeatBody, type HeartbeatSnapshot } from './heartbeat-body.js';
import { createNodeHttpPost, fetchPost } from './http-post.js';
import { postJson } from './post-json.js';
import { createRequestSigner } from './request-signer.js';
import { uploadErrorFields, type UploadError } from './upload-error.js';
import { countersOf, isConfigKey, positionOf } from './centre-replies.js';

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

const BACKOFF_CAP_MS = 5 * 60 * 1000;
const START_DELAY_CAP_MS = 5000;
const NUDGE_DELAY_MS = 250;

type UploadResult = Result<{ sent: number; ackedUpTo: number }, UploadError>;

export function createUploader(options: UploaderOptions): Uploader {
  const { outbox, terminalId, logger } = options;
  const send = options.fetch ? fetchPost(options.fetch) : createNodeHttpPost();
  const random = options.random ?? Math.random;
  const now = options.now ?? (() => new Date());
  const batchSize = options.batchSize ?? MAX_EVENTS_PER_BATCH;
  const timeoutMs = options.requestTimeoutMs ?? 15_000;
  const base = options.centreUrl.replace(/\/+$/, '');

  const uploadFailures = createFailureRun();
  const heartbeatFailures = createFailureRun();
  let lastUploadOkAt: string | null = null;
  let lastHeartbeatOkAt: string | null = null;
  let lastUploadError: UploadError | undefined;
  let lastHeartbeatError: UploadError | undefined;

  let uploadInFlight: Promise<UploadResult> | undefined;
  let heartbeatInFlight: Promise<Result<void, UploadError>> | undefined;

  const { credentials } = options;
  const signer = createRequestSigner(credentials);
  const post = (path: string, body: unknown) =>
    postJson({ send, baseUrl: base, path, body, timeoutMs, signer });

  // One line per reason, not per retry: a revoked terminal retries every minute.
  let lastRefusal: string | undefined;
  const noteRefusal = (path: string, error: UploadError) => {
    if (error.kind !== 'http' || error.code === undefined || !(error.code in TRUST_REFUSALS)) {
      return;
    }
    if (error.code === lastRefusal) return;
    lastRefusal = error.code;
    const event = path === ENROL_PATH ? 'sync.enrolment-failed' : 'sync.signature-refused';
    logger?.event(event, { route: path, reason: error.code, ...uploadErrorFields(error) });
  };

  let enrolInFlight: Promise<Result<void, UploadError>> | undefined;
  const doEnrol = async (): Promise<Result<void, UploadError>> => {
    const request = credentials.enrolmentDue();
    if (request === undefined) return ok(undefined);
    const reply = await post(ENROL_PATH, request);
    if (!reply.ok) {
      if (reply.error.kind === 'http' && reply.error.code !== undefined) {
        noteRefusal(ENROL_PATH, reply.error);
      } else if (lastRefusal !== reply.error.kind) {
        lastRefusal = reply.error.kind;
        logger?.event('sync.enrolment-failed', {
          route: ENROL_PATH,
          reason: reply.error.kind,
          ...uploadErrorFields(reply.error),
        });
      }
      return reply;
    }
    const enrolledAt = (reply.value as { enrolledAt?: unknown } | null)?.enrolledAt;
    if (typeof enrolledAt !== 'string') {
      return err({ kind: 'bad-response', detail: 'enrolment reply has no enrolledAt' });
    }
    const configKey = (reply.value as { configKey?: unknown }).configKey;
    if (isConfigKey(configKey)) options.onCentreConfigKey?.(configKey);
    const marked = credentials.markEnrolled(enrolledAt);
    if (!marked.ok) {
      logger?.event('sync.enrolment-failed', {
        route: ENROL_PATH,
        reason: 'key-file',
        detail: marked.error.detail,
      });
    }
    lastRefusal = undefined;
    logger?.event('sync.enrolled', { terminalId, algorithm: request.algorithm });
    return ok(undefined);
  };
  /** Enrols first when a token awaits use; every other request waits for it. */
  const ensureEnrolled = (): Promise<Result<void, UploadError>> =>
    (enrolInFlight ??= doEnrol().finally(() => {
      enrolInFlight = undefined;
    }));
  const signedPost = async (path: string, body: unknown) => {
    const enrolled = await ensureEnrolled();
    if (!enrolled.ok) return enrolled;
    const reply = await post(path, body);
    if (reply.ok) lastRefusal = undefined;
    else noteRefusal(path, reply.error);
    return reply;
  };

  const ticketCounters: Uploader['ticketCounters'] = async (range, timeoutMs) => {
    const enrolled = await ensureEnrolled();
    if (!enrolled.ok) return enrolled;
    const body: TicketCountersRequest = {
      terminalId,
      from: range.from.toISOString(),
      to: range.to.toISOString(),
    };
    const path = TICKET_COUNTERS_PATH;
    const reply = await postJson({ send, baseUrl: base, path, body, timeoutMs, signer });
    if (!reply.ok) {
      noteRefusal(path, reply.error);
      return reply;
    }
    const counters = countersOf(reply.value);
    return counters ? ok(counters) : err({ kind: 'bad-response', detail: 'no valid counters' });
  };

  const fetchConfig: Uploader['fetchConfig'] = (running) => {
    const body: ConfigRequest = { terminalId, running };
    return signedPost(CONFIG_PATH, body);
  };

  const failUpload = (error: UploadError): UploadResult => {
    lastUploadError = error;
    if (uploadFailures.fail()) {
      logger?.event('sync.batch-failed', {
        ...uploadErrorFields(error),
        pending: outbox.pendingCount(),
      });
    }
    return err(error);
  };

  /**
   * The centre holds less of this epoch than it acknowledged: it was restored from an older
   * backup. Resending from its position refills it; the events are still here for the
   * retention period (see Outbox.rewind).
   */
  const rewindTo = (position: number, acknowledged: number): number => {
    const marker = outbox.rewind(position);
    // Events pruned before the position cannot be resent: the next batch's heldFrom tells
    // the centre to stop waiting for them.
    if (marker < acknowledged) {
      logger?.event('sync.centre-behind', {
        epoch: outbox.epoch(),
        centreAckedUpTo: position,
        acknowledgedBefore: acknowledged,
        resendFrom: marker + 1,
      });
    }
    return marker;
  };

  const doUpload = async (): Promise<UploadResult> => {
    const events = withinBytes(outbox.pending(batchSize), BATCH_BYTES);
    const last = events.at(-1);
    if (last === undefined) return ok({ sent: 0, ackedUpTo: outbox.ackedUpTo() });
    const before = outbox.ackedUpTo();
    const batch: EventBatch = {
      terminalId,
      epoch: outbox.epoch(),
      heldFrom: outbox.heldFrom(),
      sentAt: now().toISOString(),
      events,
    };
    const reply = await signedPost(EVENTS_PATH, batch);
    // Any non-2xx keeps every event sent, ackedUpTo in an error body included: after a 409
    // sequence-conflict they must wait on this terminal for an operator.
    if (!reply.ok) return failUpload(reply.error);
    const position = positionOf(reply.value, outbox.epoch());
    if (!position.ok) return failUpload({ kind: 'bad-response', detail: position.error });
    const acked = position.value.ackedUpTo;
    let marker: number;
    if (acked < before) {
      // A heartbeat may have rewound the marker while this batch was out.
      marker = outbox.ackedUpTo() === before ? rewindTo(acked, before) : outbox.ackedUpTo();
    } else if (acked === before) {
      // It stored the batch yet holds no more than before: resending cannot fix that, and
      // looping on it would hammer the centre.
      return failUpload({
        kind: 'bad-response',
        detail: `centre acknowledged up to ${acked}, not past the ${before} it acknowledged before`,
      });
    } else {
      // Never acknowledge past what this batch carried: see Outbox.acknowledge.
      marker = outbox.acknowledge(Math.min(acked, last.seq));
    }
    const afterFailures = uploadFailures.succeed();
    lastUploadError = undefined;
    lastUploadOkAt = now().toISOString();
    logger?.event('sync.batch-sent', {
      sent: events.length,
      ackedUpTo: marker,
      pending: outbox.pendingCount(),
      afterFailures,
    });
    return ok({ sent: events.length, ackedUpTo: marker });
  };

  const failHeartbeat = (error: UploadError): Result<void, UploadError> => {
    lastHeartbeatError = error;
    if (heartbeatFailures.fail()) {
      logger?.event('sync.heartbeat-failed', uploadErrorFields(error));
    }
    return err(error);
  };

  const doHeartbeat = async (): Promise<Result<void, UploadError>> => {
    const epoch = outbox.epoch();
    const body = toHeartbeatBody({
      terminalId,
      sentAt: now(),
      intervalSeconds: options.heartbeatIntervalMs / 1000,
      outboxPending: outbox.pendingCount(),
      outboxEpoch: epoch,
      snapshot: options.heartbeat(),
      ...(options.configVersion && { configVersion: options.configVersion() }),
    });
    const acknowledged = outbox.ackedUpTo();
    const reply = await signedPost(HEARTBEAT_PATH, body);
    if (!reply.ok) return failHeartbeat(reply.error);
    const value = reply.value as {
      serverTime?: unknown;
      delivery?: unknown;
      config?: { version?: unknown };
    } | null;
    if (typeof value?.serverTime !== 'string') {
      return failHeartbeat({ kind: 'bad-response', detail: 'reply has no serverTime' });
    }
    // A centre older than epochs says nothing about its position.
    if (value.delivery !== undefined) {
      const position = positionOf(value.delivery, epoch);
      if (!position.ok) return failHeartbeat({ kind: 'bad-response', detail: position.error });
      // Only if the marker has not moved since: a batch acknowledged or rewound meanwhile
      // carried a newer position than this reply.
      const { ackedUpTo } = position.value;
      if (outbox.ackedUpTo() === acknowledged && ackedUpTo < acknowledged) {
        if (rewindTo(ackedUpTo, acknowledged) < acknowledged) nudge();
      }
    }
    const available = value.config?.version;
    if (typeof available === 'number' && Number.isSafeInteger(available)) {
      options.onConfigAvailable?.(available);
    }
    const failures = heartbeatFailures.succeed();
    if (failures > 0) logger?.event('sync.heartbeat-restored', { failures });
    lastHeartbeatError = undefined;
    lastHeartbeatOkAt = now().toISOString();
    return ok(undefined);
  };

  // Single flight: a timer tick, a nudge and a manual call never send the same batch twice
  // at once.
  const uploadOnce = (): Promise<UploadResult> =>
    (uploadInFlight ??= doUpload().finally(() => {
      uploadInFlight = undefined;
    }));
  const heartbeatOnce = (): Promise<Result<void, UploadError>> =>
    (heartbeatInFlight ??= doHeartbeat().finally(() => {
      heartbeatInFlight = undefined;
    }));

  const retryAfterOf = (error: UploadError | undefined) =>
    error?.kind === 'http' ? error.retryAfterMs : undefined;

  // A throw here is a bug (e.g. the heartbeat callback failed) or a local database fault.
  // Timers must survive it: an unhandled rejection would take the whole agent down.
  const noteFault = (
    run: FailureRun,
    id: 'sync.batch-failed' | 'sync.heartbeat-failed',
    e: unknown,
  ) => {
    if (run.fail()) {
      logger?.event(id, { kind: 'internal', detail: e instanceof Error ? e.message : String(e) });
    }
  };

  const startDelay = (intervalMs: number) =>
    Math.floor(random() * Math.min(intervalMs, START_DELAY_CAP_MS));
  const clock = options.clock ?? systemClock;

  // Random start delays so a district powering up together does not call in together.
  const heartbeatLoop = createPeriodic({
    task: heartbeatOnce,
    intervalMs: options.heartbeatIntervalMs,
    firstDelayMs: startDelay(options.heartbeatIntervalMs),
    // A steady cadence, not backoff: heartbeats are tiny and "back online" must show at
    // once. Only an explicit Retry-After slows them down.
    nextDelayMs: (outcome) => {
      const retryAfter =
        outcome.ok && outcome.value.ok ? undefined : retryAfterOf(lastHeartbeatError);
      return Math.max(options.heartbeatIntervalMs, retryAfter ?? 0);
    },
    onError: (e) => {
      lastHeartbeatError = undefined;
      noteFault(heartbeatFailures, 'sync.heartbeat-failed', e);
    },
    clock,
  });

  const uploadLoop = createPeriodic({
    task: uploadOnce,
    intervalMs: options.uploadIntervalMs,
    firstDelayMs: startDelay(options.uploadIntervalMs),
    nextDelayMs: (outcome) => {
      if (!outcome.ok || !outcome.value.ok) {
        return retryDelayMs({
          failures: uploadFailures.count,
          baseMs: options.uploadIntervalMs,
          capMs: BACKOFF_CAP_MS,
          random,
          retryAfterMs: retryAfterOf(lastUploadError),
        });
      }
      // Drain a backlog batch after batch.
      return outcome.value.value.sent > 0 && outbox.pendingCount() > 0
        ? 0
        : options.uploadIntervalMs;
    },
    onError: (e) => {
      lastUploadError = undefined;
      noteFault(uploadFailures, 'sync.batch-failed', e);
    },
    clock,
  });

  function nudge(): void {
    if (uploadFailures.count > 0) return;
    if (uploadInFlight !== undefined) {
      // The batch in flight may predate the new event: look again once it settles.
      void uploadInFlight.then(nudge, nudge);
      return;
    }
    uploadLoop.nudge(NUDGE_DELAY_MS);
  }

  return {
    start() {
      if (credentials.state() === 'no-token') logger?.event('sync.not-enrolled', { terminalId });
      heartbeatLoop.start();
      uploadLoop.start();
    },
    async stop() {
      await Promise.all([heartbeatLoop.stop(), uploadLoop.stop()]);
      send.close();
      // A manual uploadOnce or heartbeatOnce may still be out.
      await Promise.allSettled([uploadInFlight, heartbeatInFlight, enrolInFlight]);
    },
    uploadOnce,
    heartbeatOnce,
    nudge,
    ticketCounters,
    fetchConfig,
    status: () => ({
      lastUploadOkAt,
      lastHeartbeatOkAt,
      consecutiveFailures: uploadFailures.count,
      consecutiveHeartbeatFailures: heartbeatFailures.count,
      pending: outbox.pendingCount(),
    }),
  };
}
