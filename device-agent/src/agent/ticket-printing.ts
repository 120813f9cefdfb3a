import type { EventLogger } from '@bianmin/common';
import type { PrintOutcome } from '@bianmin/contract';
import type { TerminalConfig } from '@bianmin/config';
import type { Outbox } from '@bianmin/sync/outbox';
import { layoutTicket, type ReceiptPrinter } from '../printer/index.js';
import type { QueueTicket } from '../queue/ticket-store.js';

export type { PrintOutcome };

/**
 * Prints a committed ticket. A failure is reported, never thrown: the ticket already exists,
 * so the resident is shown the number and told calmly that the slip could not be printed.
 */
export async function printTicket(
  ticket: QueueTicket,
  deps: { terminal: TerminalConfig; printer: ReceiptPrinter; outbox: Outbox; logger: EventLogger },
): Promise<PrintOutcome> {
  const { terminal } = deps;
  const job = layoutTicket({
    ticketNumber: ticket.number,
    serviceName: ticket.serviceName,
    priority: ticket.priority,
    issuedAt: new Date(ticket.issuedAt),
    timeZone: terminal.timeZone,
    waitingAhead: ticket.waitingAhead,
    communityName: terminal.community.name,
    terminalName: terminal.name,
    qrPayload: `BMQ1|${terminal.terminalId}|${ticket.day}|${ticket.number}`,
  });
  deps.logger.event('device.printer.print-started', { ticket: ticket.number });
  const printed = await deps.printer.print(job);
  if (printed.ok) {
    deps.logger.event('device.printer.print-finished', { ticket: ticket.number, outcome: 'ok' });
    return { ok: true };
  }
  const reason = printed.error.kind === 'offline' ? 'offline' : printed.error.status.state;
  // Its own transaction, after the ticket's: a crash in between loses only this health note.
  deps.outbox.record({
    type: 'ticket.print-failed',
    payload: { ticketNumber: ticket.number, printerState: reason },
  });
  deps.logger.event('device.printer.print-finished', { ticket: ticket.number, outcome: reason });
  return { ok: false, reason };
}
