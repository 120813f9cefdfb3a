import { err, ok, type EventLogger, type Result } from '@bianmin/common';
import type { PrintOutcome } from '@bianmin/contract';
import type { TerminalConfig } from '@bianmin/config';
import type { Outbox } from '@bianmin/sync/outbox';
import {
  layoutTicket,
  printFailureReason,
  type ReceiptPrinter,
  type SlipFormat,
} from '../printer/index.js';
import type {
  PrintClaimRefusal,
  PrintState,
  QueueTicket,
  ReprintRefusal,
  TicketStore,
} from '../queue/ticket-store.js';

export type { PrintOutcome };

export interface TicketPrintingDeps {
  terminal: TerminalConfig;
  printer: ReceiptPrinter;
  /** Paper width and glyph support of the configured printer. */
  slip: SlipFormat;
  tickets: TicketStore;
  outbox: Outbox;
  logger: EventLogger;
}

/** What a request is told when its ticket's slip is not printed again automatically. */
const WITHHELD: Record<Exclude<PrintClaimRefusal['kind'], 'unknown-ticket'>, PrintOutcome> = {
  'already-printed': { ok: true },
  // The slip may have come out before a crash: printing again could hand out a second one.
  printing: { ok: false, reason: 'unknown-outcome' },
  failed: { ok: false, reason: 'awaiting-reprint' },
};

/**
 * Prints ticket slips at most once automatically. A print is claimed in the database
 * (`printing`) before its job is sent, and concurrent requests for the same ticket share the
 * one print in flight; any further slip takes an explicit reprint. A failure is reported,
 * never thrown: the ticket already exists, so the resident is shown the number and told
 * calmly that the slip could not be printed.
 */
export function createTicketPrinting(deps: TicketPrintingDeps) {
  const inFlight = new Map<string, Promise<PrintOutcome>>();

  function start(requestId: string, ticket: QueueTicket, before: PrintState) {
    const printing = send(requestId, ticket, before).finally(() => inFlight.delete(requestId));
    inFlight.set(requestId, printing);
    return printing;
  }

  async function send(
    requestId: string,
    ticket: QueueTicket,
    before: PrintState,
  ): Promise<PrintOutcome> {
    const { terminal } = deps;
    const job = layoutTicket(
      {
        ticketNumber: ticket.number,
        serviceName: ticket.serviceName,
        priority: ticket.priority,
        issuedAt: new Date(ticket.issuedAt),
        timeZone: terminal.timeZone,
        waitingAhead: ticket.waitingAhead,
        ...(ticket.estimatedWait && { estimatedWait: ticket.estimatedWait }),
        communityName: terminal.community.name,
        terminalName: terminal.name,
        qrPayload: `BMQ1|${terminal.terminalId}|${ticket.day}|${ticket.number}`,
      },
      deps.slip,
    );
    deps.logger.event('device.printer.print-started', { ticket: ticket.number });
    const printed = await deps.printer.print(job);
    if (printed.ok) {
      deps.tickets.finishPrint(requestId, 'printed');
      deps.logger.event('device.printer.print-finished', { ticket: ticket.number, outcome: 'ok' });
      return { ok: true };
    }
    const { error } = printed;
    // Nothing was sent to a printer that was not ready: the ticket is where it was before.
    // A job the printer stopped in or never confirmed is not printed, and is printed again
    // only on request.
    const sent = error.kind === 'failed-during-print' || error.kind === 'unconfirmed';
    deps.tickets.finishPrint(requestId, sent ? 'failed' : before);
    const reason = printFailureReason(error);
    // Its own transaction, after the ticket's: a crash in between loses only this health note.
    deps.outbox.record({
      type: 'ticket.print-failed',
      payload: { ticketNumber: ticket.number, printerState: reason },
    });
    deps.logger.event('device.printer.print-finished', { ticket: ticket.number, outcome: reason });
    return { ok: false, reason };
  }

  return {
    /**
     * The automatic print of an issued (or replayed) ticket: only a ticket whose slip was
     * never sent is printed; a replay during the print shares its outcome.
     */
    printIssued(requestId: string, ticket: QueueTicket): Promise<PrintOutcome> {
      const running = inFlight.get(requestId);
      if (running) return running;
      const claimed = deps.tickets.claimPrint(requestId);
      if (claimed.ok) return start(requestId, ticket, claimed.value);
      const { kind } = claimed.error;
      if (kind === 'unknown-ticket') return Promise.resolve({ ok: false, reason: kind });
      if (kind !== 'already-printed') {
        deps.logger.event('device.printer.print-withheld', { ticket: ticket.number, state: kind });
      }
      return Promise.resolve(WITHHELD[kind]);
    },

    /**
     * An explicit reprint: prints a ticket whose slip is not known to have come out, on a
     * printer that reports ready (the driver checks before sending anything).
     */
    async reprint(
      requestId: string,
      ticket: QueueTicket,
    ): Promise<Result<PrintOutcome, ReprintRefusal>> {
      if (inFlight.has(requestId)) return err({ kind: 'printing' });
      const claimed = deps.tickets.claimReprint(requestId);
      if (!claimed.ok) return claimed;
      deps.logger.event('queue.ticket-reprint-requested', { ticket: ticket.number });
      return ok(await start(requestId, ticket, claimed.value));
    },
  };
}
