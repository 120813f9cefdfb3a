import { createPeriodic, type Clock, type Result } from '@bianmin/common';
import { MAX_RETRY_AFTER_MS, retryDelayMs } from './backoff.js';
import type { UploadResult } from './batch-upload.js';
import type { SingleFlight } from './single-flight.js';
import type { StepRecord } from './step-record.js';
import { retryAfterOf, type UploadError } from './upload-error.js';

const BACKOFF_CAP_MS = 5 * 60 * 1000;
const START_DELAY_CAP_MS = 5000;
const NUDGE_DELAY_MS = 250;

interface ScheduleOptions {
  upload: SingleFlight<UploadResult>;
  uploads: StepRecord;
  uploadIntervalMs: number;
  heartbeat: SingleFlight<Result<void, UploadError>>;
  heartbeats: StepRecord;
  heartbeatIntervalMs: number;
  pendingCount: () => number;
  random: () => number;
  clock: Clock;
}

/** When the uploader calls the centre: the upload loop, the heartbeat loop and nudges. */
export interface Schedule {
  start(): void;
  stop(): Promise<unknown>;
  /** See Uploader.nudge. */
  nudge(): void;
}

export function createSchedule(options: ScheduleOptions): Schedule {
  const { upload, uploads, heartbeats, random, clock } = options;
  const startDelay = (intervalMs: number) =>
    Math.floor(random() * Math.min(intervalMs, START_DELAY_CAP_MS));

  // Random start delays so a district powering up together does not call in together.
  const heartbeatLoop = createPeriodic({
    task: options.heartbeat.run,
    intervalMs: options.heartbeatIntervalMs,
    firstDelayMs: startDelay(options.heartbeatIntervalMs),
    // A steady cadence, not backoff: heartbeats are tiny and "back online" must show at
    // once. Only an explicit Retry-After slows them down, capped as for uploads: one header
    // must not keep a terminal offline at the centre for days (nor, past setTimeout's 24.8
    // days, make the timer fire at once).
    nextDelayMs: (outcome) => {
      const retryAfter =
        outcome.ok && outcome.value.ok ? undefined : retryAfterOf(heartbeats.lastError);
      return Math.max(options.heartbeatIntervalMs, Math.min(retryAfter ?? 0, MAX_RETRY_AFTER_MS));
    },
    // Timers must survive a throw: an unhandled rejection would take the whole agent down.
    onError: heartbeats.faulted,
    clock,
  });

  const uploadLoop = createPeriodic({
    task: upload.run,
    intervalMs: options.uploadIntervalMs,
    firstDelayMs: startDelay(options.uploadIntervalMs),
    nextDelayMs: (outcome) => {
      if (!outcome.ok || !outcome.value.ok) {
        return retryDelayMs({
          failures: uploads.failures.count,
          baseMs: options.uploadIntervalMs,
          capMs: BACKOFF_CAP_MS,
          random,
          retryAfterMs: retryAfterOf(uploads.lastError),
        });
      }
      // Drain a backlog batch after batch.
      return outcome.value.value.sent > 0 && options.pendingCount() > 0
        ? 0
        : options.uploadIntervalMs;
    },
    onError: uploads.faulted,
    clock,
  });

  function nudge(): void {
    if (uploads.failures.count > 0) return;
    const inFlight = upload.current;
    if (inFlight !== undefined) {
      // The batch in flight may predate the new event: look again once it settles.
      void inFlight.then(nudge, nudge);
      return;
    }
    uploadLoop.nudge(NUDGE_DELAY_MS);
  }

  return {
    start() {
      heartbeatLoop.start();
      uploadLoop.start();
    },
    stop: () => Promise.all([heartbeatLoop.stop(), uploadLoop.stop()]),
    nudge,
  };
}
