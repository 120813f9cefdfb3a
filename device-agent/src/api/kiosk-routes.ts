import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { ErrorReplySchema, KIOSK_ROUTES as ROUTES } from '@bianmin/contract';
import type { EventLogger } from '@bianmin/common';
import { type ServiceCatalogue, type TerminalConfig, residentCatalogue } from '@bianmin/config';
import type { Outbox } from '@bianmin/sync/outbox';
import type { IssuedTicket } from '@bianmin/contract';
import type { QueueTicket, ReprintRefusal, TicketStore } from '../queue/ticket-store.js';
import type { TerminalDevices } from '../agent/devices.js';
import type { CardWatcher } from '../agent/card-watcher.js';
import type { ScanWatcher } from '../scanner/index.js';
import { createTicketPrinting } from '../agent/ticket-printing.js';
import { registerRatingRoutes } from './rating-routes.js';
import { registerReadAloudRoutes } from './read-aloud-routes.js';
import type { ReadAloudVoice } from '../speech/read-aloud.js';

export interface KioskRouteDeps {
  terminal: TerminalConfig;
  services: ServiceCatalogue;
  /** Each service's pinyin initials for the kiosk's search (catalogueInitials). */
  initials: ReadonlyMap<string, string>;
  devices: TerminalDevices;
  cardWatcher: Pick<CardWatcher, 'want'>;
  /** Null on a terminal without a code scanner. */
  scanWatcher: Pick<ScanWatcher, 'want'> | null;
  tickets: TicketStore;
  outbox: Outbox;
  logger: EventLogger;
  devMode: boolean;
  now: () => Date;
  /** Called after something was committed to the outbox, so the uploader sends it soon. */
  onOutboxChanged: () => void;
  /** False while storage is faulted: a ticket that cannot be recorded is not issued. */
  canRecord: () => boolean;
  /** The resident has gone: whatever the agent held for their session is dropped. */
  onSessionEnded?: () => void;
  /** Tells the counters' consoles (staff-calls/): a resident at the kiosk needs help. */
  onStaffCalled?: (screen: string) => { id: number };
  /**
   * A resident began a session: configuration waits for the next idle moment, and whatever
   * the agent still held for an earlier session (whose end may have been lost) is dropped.
   */
  onSessionStarted?: () => void;
  /** The kiosk's read-aloud where its browser has no voice (espeak-ng on the terminal). */
  readAloud: ReadAloudVoice;
}

const REPRINT_REFUSED: Record<ReprintRefusal['kind'], string> = {
  'unknown-ticket': 'No ticket was issued for this request id.',
  'already-printed': "This ticket's slip has printed; it is not printed twice.",
  printing: "This ticket's slip is printing now.",
};

/** The kiosk's routes; paths are under AGENT_API_PREFIX (the caller registers the prefix). */
export function registerKioskRoutes(app: FastifyInstance, deps: KioskRouteDeps): void {
  const server = app.withTypeProvider<TypeBoxTypeProvider>();
  // Tickets are taken for the catalogue's queues; the rest is what residents browse.
  const { queues, ...catalogue } = residentCatalogue(deps.services, deps.initials);

  server.get('/kiosk', { schema: { response: { 200: ROUTES['/kiosk'].reply } } }, async () => ({
    terminal: {
      id: deps.terminal.terminalId,
      name: deps.terminal.name,
      communityName: deps.terminal.community.name,
      timeZone: deps.terminal.timeZone,
    },
    services: queues,
    catalogue,
    session: deps.terminal.session,
    devMode: deps.devMode,
  }));

  // The kiosk asks for card reads only while its session shows the card step; the results
  // come as events on the stream (agent/card-watcher.ts), never in a reply.
  const watch = { body: ROUTES['/id-card/watch'].body };
  server.post('/id-card/watch', { schema: watch }, async (request, reply) => {
    deps.cardWatcher.want(request.body.on, request.body.forApplication ?? false);
    return reply.status(204).send();
  });

  // Likewise for scanned codes (scanner/scan-watcher.ts). Without a scanner the wish is
  // accepted and nothing comes, so a kiosk flow needs no separate path for such terminals.
  const scannerWatch = { body: ROUTES['/scanner/watch'].body };
  server.post('/scanner/watch', { schema: scannerWatch }, async (request, reply) => {
    deps.scanWatcher?.want(request.body.on);
    return reply.status(204).send();
  });

  const printing = createTicketPrinting({
    ...deps,
    printer: deps.devices.printer,
    slip: deps.devices.slipFormat,
  });
  const issuedTicket = (ticket: QueueTicket): IssuedTicket => ({
    number: ticket.number,
    serviceName: ticket.serviceName,
    priority: ticket.priority,
    waitingAhead: ticket.waitingAhead,
    ...(ticket.estimatedWait && { estimatedWait: ticket.estimatedWait }),
    issuedAt: ticket.issuedAt,
  });

  const tickets = ROUTES['/tickets'];
  const ticketsSchema = {
    body: tickets.body,
    response: {
      201: tickets.reply,
      404: ErrorReplySchema,
      409: ErrorReplySchema,
      503: ErrorReplySchema,
    },
  };
  server.post('/tickets', { schema: ticketsSchema }, async (request, reply) => {
    const { body } = request;
    if (!deps.canRecord()) {
      // A clear refusal instead of a database error part-way through issuing.
      return reply.status(503).send({
        error: 'out-of-service',
        message: "The terminal's storage cannot record a ticket now; see /healthz.",
      });
    }
    const service = queues.find((s) => s.id === body.serviceId);
    if (!service) {
      return reply.status(404).send({
        error: 'unknown-service',
        message: `No enabled service "${body.serviceId}" in this terminal's catalogue.`,
      });
    }
    // Committed (ticket + usage event) before anything reports success.
    const issued = deps.tickets.issue({
      requestId: body.requestId,
      service,
      priority: body.priority,
      durationMs: body.durationMs,
    });
    if (!issued.ok) {
      return reply.status(409).send({
        error: 'request-conflict',
        message: `This request id was already issued a ticket with a different ${issued.error.field}; a new request needs a new id.`,
        where: issued.error.field,
      });
    }
    const ticket = issued.value;
    if (!ticket.replayed) {
      deps.logger.event('queue.ticket-issued', {
        serviceId: service.id,
        priority: ticket.priority,
      });
    }
    const print = await printing.printIssued(body.requestId, ticket);
    deps.onOutboxChanged();
    return reply.status(201).send({ ticket: issuedTicket(ticket), print });
  });

  const reprint = ROUTES['/tickets/reprint'];
  const reprintSchema = {
    body: reprint.body,
    response: { 200: reprint.reply, 404: ErrorReplySchema, 409: ErrorReplySchema },
  };
  server.post('/tickets/reprint', { schema: reprintSchema }, async (request, reply) => {
    const { requestId } = request.body;
    // The catalogue's name, even for a service disabled since the ticket was issued.
    const nameOf = (id: string) =>
      deps.services.services.find((s) => s.id === id)?.name['zh-CN'] ?? id;
    const ticket = deps.tickets.find(requestId, nameOf);
    if (!ticket) {
      return reply.status(404).send({
        error: 'unknown-ticket',
        message: 'No ticket was issued for this request id.',
      });
    }
    const printed = await printing.reprint(requestId, ticket);
    deps.onOutboxChanged();
    if (!printed.ok) {
      const { kind } = printed.error;
      return reply.status(kind === 'unknown-ticket' ? 404 : 409).send({
        error: kind,
        message: REPRINT_REFUSED[kind],
      });
    }
    return reply.status(200).send({ ticket: issuedTicket(ticket), print: printed.value });
  });

  const sessionStart = { body: ROUTES['/session/start'].body };
  server.post('/session/start', { schema: sessionStart }, async (_request, reply) => {
    deps.logger.event('session.started');
    deps.onSessionStarted?.();
    return reply.status(204).send();
  });

  server.post(
    '/session/end',
    { schema: { body: ROUTES['/session/end'].body } },
    async (request, reply) => {
      deps.logger.event('session.ended', { reason: request.body.reason });
      deps.onSessionEnded?.();
      return reply.status(204).send();
    },
  );

  const staffCall = ROUTES['/staff-call'];
  const staffCallSchema = { body: staffCall.body, response: { 202: staffCall.reply } };
  server.post('/staff-call', { schema: staffCallSchema }, async (request, reply) => {
    const { screen } = request.body;
    // Storage is asked first, but only decides whether the call is counted: a resident who
    // needs help must get it even while storage cannot count the call (a full disk), and the
    // kiosk hears 202 because the consoles did hear of it. Counted, the usage event is
    // committed before the reply.
    let counted = deps.canRecord();
    const call = deps.onStaffCalled?.(screen);
    if (counted) {
      // The storage check is the last health poll's: a disk that filled since then throws here,
      // after the consoles were told, and the kiosk must still hear that staff are called.
      try {
        deps.outbox.record({ type: 'staff.called', payload: { screen } });
        deps.onOutboxChanged();
      } catch {
        counted = false;
      }
    }
    deps.logger.event('queue.staff-called', { screen, ...(!counted && { counted }) });
    return reply.status(202).send({ accepted: true, ...(call && { callId: call.id }) });
  });

  registerRatingRoutes(app, deps);
  registerReadAloudRoutes(app, deps);
}
