import type { EventLogger } from '@bianmin/common';
import { ENROL_PATH, TRUST_REFUSALS } from '@bianmin/contract';
import { uploadErrorFields, type UploadError } from './upload-error.js';

/**
 * Logs why the centre does not trust this terminal: one line per reason, not per retry, since
 * a revoked terminal retries every minute.
 */
export interface RefusalLog {
  /** A signed request failed; only a trust refusal (TRUST_REFUSALS) is logged. */
  refused(path: string, error: UploadError): void;
  /** Enrolment failed, refused or with no usable reply at all. */
  enrolmentFailed(error: UploadError): void;
  /** The centre accepted a request: the next refusal is news again. */
  accepted(): void;
}

export function createRefusalLog(logger: EventLogger | undefined): RefusalLog {
  let last: string | undefined;
  const refused = (path: string, error: UploadError) => {
    if (error.kind !== 'http' || error.code === undefined || !(error.code in TRUST_REFUSALS)) {
      return;
    }
    if (error.code === last) return;
    last = error.code;
    const event = path === ENROL_PATH ? 'sync.enrolment-failed' : 'sync.signature-refused';
    logger?.event(event, { route: path, reason: error.code, ...uploadErrorFields(error) });
  };
  return {
    refused,
    enrolmentFailed(error) {
      if (error.kind === 'http' && error.code !== undefined) {
        refused(ENROL_PATH, error);
      } else if (last !== error.kind) {
        last = error.kind;
        logger?.event('sync.enrolment-failed', {
          route: ENROL_PATH,
          reason: error.kind,
          ...uploadErrorFields(error),
        });
      }
    },
    accepted() {
      last = undefined;
    },
  };
}
