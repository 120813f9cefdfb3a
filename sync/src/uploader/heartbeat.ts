import { err, ok, type EventLogger, type Result } from '@bianmin/common';
import { HEARTBEAT_PATH } from '@bianmin/contract';
import type { Outbox } from '../outbox/index.js';
import type { CentreClient } from './centre-client.js';
import { heartbeatReplyOf } from './centre-replies.js';
import { toHeartbeatBody, type HeartbeatSnapshot } from './heartbeat-body.js';
import { rewindToCentre } from './rewind.js';
import type { StepRecord } from './step-record.js';
import { uploadErrorFields, type UploadError } from './upload-error.js';

interface HeartbeatDeps {
  outbox: Pick<Outbox, 'rewind' | 'ackedUpTo' | 'pendingCount' | 'epoch'>;
  terminalId: string;
  intervalMs: number;
  client: CentreClient;
  record: StepRecord;
  now: () => Date;
  snapshot: () => HeartbeatSnapshot;
  configVersion?: (() => number) | undefined;
  onConfigAvailable?: ((version: number) => void) | undefined;
  /** The centre was behind and events must be resent: upload soon. */
  resend: () => void;
  logger?: EventLogger | undefined;
}

/**
 * Tells the centre the terminal is alive, and reads its reply for the delivery position (a
 * restored centre shows here even while no events are pending) and the newest configuration.
 */
export async function sendHeartbeat(deps: HeartbeatDeps): Promise<Result<void, UploadError>> {
  const { outbox, record, logger } = deps;
  const fail = (error: UploadError): Result<void, UploadError> => {
    if (record.failed(error)) logger?.event('sync.heartbeat-failed', uploadErrorFields(error));
    return err(error);
  };

  const epoch = outbox.epoch();
  const body = toHeartbeatBody({
    terminalId: deps.terminalId,
    sentAt: deps.now(),
    intervalSeconds: deps.intervalMs / 1000,
    outboxPending: outbox.pendingCount(),
    outboxEpoch: epoch,
    snapshot: deps.snapshot(),
    ...(deps.configVersion && { configVersion: deps.configVersion() }),
  });
  const acknowledged = outbox.ackedUpTo();
  const reply = await deps.client.post(HEARTBEAT_PATH, body);
  if (!reply.ok) return fail(reply.error);
  const read = heartbeatReplyOf(reply.value, epoch);
  if (!read.ok) return fail({ kind: 'bad-response', detail: read.error });
  const { delivery, configVersion } = read.value;
  // Only if the marker has not moved since: a batch acknowledged or rewound meanwhile carried a
  // newer position than this reply.
  if (delivery && outbox.ackedUpTo() === acknowledged && delivery.ackedUpTo < acknowledged) {
    if (rewindToCentre(outbox, logger, delivery.ackedUpTo, acknowledged) < acknowledged) {
      deps.resend();
    }
  }
  if (configVersion !== undefined) deps.onConfigAvailable?.(configVersion);
  const failures = record.succeeded(deps.now());
  if (failures > 0) logger?.event('sync.heartbeat-restored', { failures });
  return ok(undefined);
}
