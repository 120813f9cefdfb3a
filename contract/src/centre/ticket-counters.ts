import { Type, type Static } from 'typebox';
import { IsoTime, TerminalId, Token, closed } from '../schema.js';

/**
 * A terminal whose database file was lost asks the centre how far its queues had counted
 * today, so it numbers on instead of repeating a ticket (docs/architecture.md, Where data lives).
 */
export const TICKET_COUNTERS_PATH = '/api/v1/ticket-counters';

/** The terminal's local day as the instants it runs between: the centre needs no time zone. */
export const TicketCountersRequestSchema = closed({
  terminalId: TerminalId,
  from: IsoTime,
  to: IsoTime,
});
export type TicketCountersRequest = Static<typeof TicketCountersRequestSchema>;

/** The highest ticket number's digits per queue service among the stored ticket.issued events. */
export const TicketCountersReplySchema = closed({
  counters: Type.Array(
    closed({ serviceId: Token, lastSeq: Type.Integer({ minimum: 1, maximum: 1_000_000 }) }),
    { maxItems: 500 },
  ),
});
export type TicketCountersReply = Static<typeof TicketCountersReplySchema>;
