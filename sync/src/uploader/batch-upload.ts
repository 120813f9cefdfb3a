import { err, ok, type EventLogger, type Result } from '@bianmin/common';
import { EVENTS_PATH, type EventBatch } from '@bianmin/contract';
import type { Outbox } from '../outbox/index.js';
import { BATCH_BYTES, withinBytes } from './batch-bytes.js';
import type { CentreClient } from './centre-client.js';
import { batchPositionOf } from './centre-replies.js';
import { rewindToCentre } from './rewind.js';
import type { StepRecord } from './step-record.js';
import { uploadErrorFields, type UploadError } from './upload-error.js';

export type UploadResult = Result<{ sent: number; ackedUpTo: number }, UploadError>;

interface BatchUploadDeps {
  outbox: Pick<
    Outbox,
    'pending' | 'acknowledge' | 'rewind' | 'ackedUpTo' | 'pendingCount' | 'epoch' | 'heldFrom'
  >;
  terminalId: string;
  batchSize: number;
  client: CentreClient;
  record: StepRecord;
  now: () => Date;
  logger?: EventLogger | undefined;
}

/**
 * Sends the oldest pending events as one batch and moves the outbox's marker to the position
 * the centre acknowledges: forward past what it stored, or back when it holds less than it
 * acknowledged before. Events stay pending until acknowledged (at-least-once).
 */
export async function uploadBatch(deps: BatchUploadDeps): Promise<UploadResult> {
  const { outbox, record, logger } = deps;
  const fail = (error: UploadError): UploadResult => {
    if (record.failed(error)) {
      logger?.event('sync.batch-failed', {
        ...uploadErrorFields(error),
        pending: outbox.pendingCount(),
      });
    }
    return err(error);
  };

  const events = withinBytes(outbox.pending(deps.batchSize), BATCH_BYTES);
  const last = events.at(-1);
  if (last === undefined) return ok({ sent: 0, ackedUpTo: outbox.ackedUpTo() });
  const before = outbox.ackedUpTo();
  const batch: EventBatch = {
    terminalId: deps.terminalId,
    epoch: outbox.epoch(),
    heldFrom: outbox.heldFrom(),
    sentAt: deps.now().toISOString(),
    events,
  };
  const reply = await deps.client.post(EVENTS_PATH, batch);
  // Any non-2xx keeps every event sent, ackedUpTo in an error body included: after a 409
  // sequence-conflict they must wait on this terminal for an operator.
  if (!reply.ok) return fail(reply.error);
  const position = batchPositionOf(reply.value, outbox.epoch());
  if (!position.ok) return fail({ kind: 'bad-response', detail: position.error });
  const acked = position.value.ackedUpTo;
  let marker: number;
  if (acked < before) {
    // A heartbeat may have rewound the marker while this batch was out.
    marker =
      outbox.ackedUpTo() === before
        ? rewindToCentre(outbox, logger, acked, before)
        : outbox.ackedUpTo();
  } else if (acked === before) {
    // It stored the batch yet holds no more than before: resending cannot fix that, and
    // looping on it would hammer the centre.
    return fail({
      kind: 'bad-response',
      detail: `centre acknowledged up to ${acked}, not past the ${before} it acknowledged before`,
    });
  } else {
    // Never acknowledge past what this batch carried: see Outbox.acknowledge.
    marker = outbox.acknowledge(Math.min(acked, last.seq));
  }
  const afterFailures = record.succeeded(deps.now());
  logger?.event('sync.batch-sent', {
    sent: events.length,
    ackedUpTo: marker,
    pending: outbox.pendingCount(),
    afterFailures,
  });
  return ok({ sent: events.length, ackedUpTo: marker });
}
