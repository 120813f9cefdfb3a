import type { FastifyInstance } from 'fastify';
import type { EventLogger } from '@bianmin/common';
import type { ServiceCatalogue, TerminalConfig } from '@bianmin/config';
import type { Outbox } from '@bianmin/sync/outbox';
import type { TicketStore } from '../queue/ticket-store.js';
import type { TerminalDevices } from '../agent/devices.js';
import { summariseHolder } from '../agent/card-summary.js';
import { printTicket, type PrintOutcome } from '../agent/ticket-printing.js';

export interface KioskRouteDeps {
  terminal: TerminalConfig;
  services: ServiceCatalogue;
  devices: TerminalDevices;
  tickets: TicketStore;
  outbox: Outbox;
  logger: EventLogger;
  devMode: boolean;
  now: () => Date;
  /** Called after something was committed to the outbox, so the uploader sends it soon. */
  onOutboxChanged: () => void;
}

const ticketBody = {
  type: 'object',
  additionalProperties: false,
  required: ['requestId', 'serviceId', 'priority', 'durationMs'],
  properties: {
    requestId: { type: 'string', pattern: '^[A-Za-z0-9-]{8,64}$' },
    serviceId: { type: 'string', minLength: 1, maxLength: 64 },
    priority: { type: 'boolean' },
    durationMs: { type: 'integer', minimum: 0, maximum: 86_400_000 },
  },
} as const;

const sessionEndBody = {
  type: 'object',
  additionalProperties: false,
  required: ['reason'],
  properties: { reason: { enum: ['finished', 'cancelled', 'timeout'] } },
} as const;

const staffCallBody = {
  type: 'object',
  additionalProperties: false,
  required: ['screen'],
  properties: { screen: { type: 'string', pattern: '^[a-z-]{1,40}$' } },
} as const;

const emptyBody = { type: 'object', additionalProperties: false, properties: {} } as const;

export function registerKioskRoutes(server: FastifyInstance, deps: KioskRouteDeps): void {
  const enabledServices = deps.services.services.filter((s) => s.enabled !== false);

  server.get('/api/v1/kiosk', async () => ({
    terminal: {
      id: deps.terminal.terminalId,
      name: deps.terminal.name,
      communityName: deps.terminal.community.name,
    },
    services: enabledServices.map(({ id, name, description, ticketPrefix }) => ({
      id,
      name,
      description,
      ticketPrefix,
    })),
    session: deps.terminal.session,
    devMode: deps.devMode,
  }));

  // The card's fields are decoded, summarised and dropped within this request: the agent
  // keeps no copy, and the reply carries only the masked name and the age.
  server.post('/api/v1/id-card/read', { schema: { body: emptyBody } }, async () => {
    const read = await deps.devices.reader.readCard();
    if (read.ok) {
      deps.logger.event('device.id-card.read-finished', {
        outcome: 'ok',
        cardType: read.value.holder.cardType,
      });
      return {
        result: 'read',
        holder: summariseHolder(read.value.holder, deps.now(), deps.terminal.timeZone),
      };
    }
    const { error } = read;
    if (error.kind === 'no-card') return { result: 'no-card' };
    deps.logger.event('device.id-card.read-finished', { outcome: error.kind });
    if (error.kind === 'card-unreadable' || error.kind === 'card-data-invalid') {
      return { result: 'unreadable', hint: 'place-flat' };
    }
    if (error.kind === 'frame-invalid') {
      deps.logger.event('device.id-card.frame-invalid', { frameError: error.frameError.kind });
    }
    return { result: 'unavailable' };
  });

  server.post('/api/v1/tickets', { schema: { body: ticketBody } }, async (request, reply) => {
    const body = request.body as {
      requestId: string;
      serviceId: string;
      priority: boolean;
      durationMs: number;
    };
    const service = enabledServices.find((s) => s.id === body.serviceId);
    if (!service) {
      return reply.status(404).send({
        error: 'unknown-service',
        message: `No enabled service "${body.serviceId}" in this terminal's catalogue.`,
      });
    }
    // Committed (ticket + usage event) before anything reports success.
    const ticket = deps.tickets.issue({
      requestId: body.requestId,
      service,
      priority: body.priority,
      durationMs: body.durationMs,
    });
    let print: PrintOutcome = { ok: true };
    if (!ticket.replayed) {
      deps.logger.event('queue.ticket-issued', {
        serviceId: service.id,
        priority: ticket.priority,
      });
    }
    if (!ticket.printed) {
      print = await printTicket(ticket, { ...deps, printer: deps.devices.printer });
      if (print.ok) deps.tickets.markPrinted(body.requestId);
    }
    deps.onOutboxChanged();
    return reply.status(201).send({
      ticket: {
        number: ticket.number,
        serviceName: ticket.serviceName,
        priority: ticket.priority,
        waitingAhead: ticket.waitingAhead,
        issuedAt: ticket.issuedAt,
      },
      print,
    });
  });

  server.post('/api/v1/session/start', { schema: { body: emptyBody } }, async (_request, reply) => {
    deps.logger.event('session.started');
    return reply.status(204).send();
  });

  server.post(
    '/api/v1/session/end',
    { schema: { body: sessionEndBody } },
    async (request, reply) => {
      const { reason } = request.body as { reason: string };
      deps.logger.event('session.ended', { reason });
      return reply.status(204).send();
    },
  );

  server.post('/api/v1/staff-call', { schema: { body: staffCallBody } }, async (request, reply) => {
    const { screen } = request.body as { screen: string };
    deps.outbox.record({ type: 'staff.called', payload: { screen } });
    deps.logger.event('queue.staff-called', { screen });
    deps.onOutboxChanged();
    return reply.status(202).send({ accepted: true });
  });
}
