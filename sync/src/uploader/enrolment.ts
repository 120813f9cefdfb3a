import { err, ok, type EventLogger, type Result } from '@bianmin/common';
import { ENROL_PATH, type ConfigKey } from '@bianmin/contract';
import type { TerminalCredentials } from '../terminal-identity/index.js';
import { enrolmentReplyOf } from './centre-replies.js';
import type { RefusalLog } from './refusal-log.js';
import { singleFlight, type SingleFlight } from './single-flight.js';
import type { UploadError } from './upload-error.js';

interface EnrolmentDeps {
  credentials: TerminalCredentials;
  terminalId: string;
  /** Posts signed, without waiting for enrolment: this is the request the others wait for. */
  post: (path: string, body: unknown) => Promise<Result<unknown, UploadError>>;
  refusals: RefusalLog;
  logger?: EventLogger | undefined;
  onCentreConfigKey?: ((key: ConfigKey) => void) | undefined;
}

/**
 * Enrols the terminal's key when a token awaits use, and succeeds at once when none does;
 * every other request waits for it.
 */
export function createEnrolment(deps: EnrolmentDeps): SingleFlight<Result<void, UploadError>> {
  return singleFlight(() => enrol(deps));
}

async function enrol(deps: EnrolmentDeps): Promise<Result<void, UploadError>> {
  const { credentials, refusals, logger } = deps;
  const request = credentials.enrolmentDue();
  if (request === undefined) return ok(undefined);
  const reply = await deps.post(ENROL_PATH, request);
  if (!reply.ok) {
    refusals.enrolmentFailed(reply.error);
    return reply;
  }
  const enrolled = enrolmentReplyOf(reply.value);
  if (!enrolled.ok) return err({ kind: 'bad-response', detail: enrolled.error });
  const { enrolledAt, configKey } = enrolled.value;
  if (configKey) deps.onCentreConfigKey?.(configKey);
  const marked = credentials.markEnrolled(enrolledAt);
  if (!marked.ok) {
    logger?.event('sync.enrolment-failed', {
      route: ENROL_PATH,
      reason: 'key-file',
      detail: marked.error.detail,
    });
  }
  refusals.accepted();
  logger?.event('sync.enrolled', { terminalId: deps.terminalId, algorithm: request.algorithm });
  return ok(undefined);
}
