import type { EventLogger } from '@bianmin/common';
import { createFailureRun, type FailureRun } from './failure-run.js';
import type { UploadError } from './upload-error.js';

/**
 * How one loop's step (uploads or heartbeats) has gone lately: what status() reports, and
 * what sets the loop's next delay.
 */
export interface StepRecord {
  readonly failures: FailureRun;
  /** The latest failure's error, until a success; its Retry-After holds the loop back. */
  readonly lastError: UploadError | undefined;
  readonly lastOkAt: string | null;
  /** The request failed; true if this starts a run of failures (log it). */
  failed(error: UploadError): boolean;
  /** The request succeeded; returns how many failures the run had (0: nothing to report). */
  succeeded(at: Date): number;
  /**
   * The step threw. That is a bug (e.g. the heartbeat callback failed) or a local database
   * fault, not the centre's doing, so no Retry-After applies.
   */
  faulted(error: unknown): void;
}

export function createStepRecord(
  logger: EventLogger | undefined,
  failedEvent: 'sync.batch-failed' | 'sync.heartbeat-failed',
): StepRecord {
  const failures = createFailureRun();
  let lastError: UploadError | undefined;
  let lastOkAt: string | null = null;
  return {
    failures,
    get lastError() {
      return lastError;
    },
    get lastOkAt() {
      return lastOkAt;
    },
    failed(error) {
      lastError = error;
      return failures.fail();
    },
    succeeded(at) {
      const ended = failures.succeed();
      lastError = undefined;
      lastOkAt = at.toISOString();
      return ended;
    },
    faulted(error) {
      lastError = undefined;
      if (failures.fail()) {
        const detail = error instanceof Error ? error.message : String(error);
        logger?.event(failedEvent, { kind: 'internal', detail });
      }
    },
  };
}
