import { err, type Result } from '@bianmin/common';
import {
  CONFIG_PATH,
  TICKET_COUNTERS_PATH,
  type ConfigRequest,
  type TicketCountersReply,
  type TicketCountersRequest,
} from '@bianmin/contract';
import type { CentreClient } from './centre-client.js';
import { countersOf } from './centre-replies.js';
import type { UploadError } from './upload-error.js';

/*
 * What the agent asks the centre when it needs it, outside the upload and heartbeat loops.
 */

/** See Uploader.ticketCounters. */
export async function requestTicketCounters(
  client: CentreClient,
  terminalId: string,
  range: { from: Date; to: Date },
  timeoutMs: number,
): Promise<Result<TicketCountersReply['counters'], UploadError>> {
  const body: TicketCountersRequest = {
    terminalId,
    from: range.from.toISOString(),
    to: range.to.toISOString(),
  };
  const reply = await client.post(TICKET_COUNTERS_PATH, body, timeoutMs);
  if (!reply.ok) return reply;
  const counters = countersOf(reply.value);
  return counters.ok ? counters : err({ kind: 'bad-response', detail: counters.error });
}

/** See Uploader.fetchConfig. */
export function requestConfig(
  client: CentreClient,
  terminalId: string,
  running: number,
): Promise<Result<unknown, UploadError>> {
  const body: ConfigRequest = { terminalId, running };
  return client.post(CONFIG_PATH, body);
}
