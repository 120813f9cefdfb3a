import type { FastifyInstance } from 'fastify';
import type { EventLogger } from '@bianmin/common';
import type { ServiceCatalogue, TerminalConfig } from '@bianmin/config';
import type { Outbox } from '@bianmin/sync/outbox';
import type { TicketStore } from '../queue/ticket-store.js';
import type { TerminalDevices } from '../agent/devices.js';
import { summariseHolder } from '../agent/card-summary.js';
import { renderTicketReceipt } from '../printer/index.js';

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
  required: ['serviceId', 'priority', 'durationMs'],
  properties: {
    serviceId: { type: 'string', minLength: 1, maxLength: 64 },
    priority: { enum: ['age', 'disability', null] },
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
      serviceId: string;
      priority: 'age' | 'disability' | null;
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
      service,
      prioritySource: body.priority,
      durationMs: body.durationMs,
    });
    deps.logger.event('queue.ticket-issued', { serviceId: service.id, priority: ticket.priority });
    deps.onOutboxChanged();

    const job = renderTicketReceipt({
      ticketNumber: ticket.number,
      serviceName: ticket.serviceName,
      priority: ticket.priority,
      issuedAt: new Date(ticket.issuedAt),
      timeZone: deps.terminal.timeZone,
      waitingAhead: ticket.waitingAhead,
      communityName: deps.terminal.community.name,
      terminalName: deps.terminal.name,
      qrPayload: `BMQ1|${deps.terminal.terminalId}|${ticket.day}|${ticket.number}`,
    });
    deps.logger.event('device.printer.print-started', { ticket: ticket.number });
    const printed = await deps.devices.printer.print(job);
    let print: { ok: true } | { ok: false; reason: string } = { ok: true };
    if (!printed.ok) {
      const reason = printed.error.kind === 'offline' ? 'offline' : printed.error.status.state;
      print = { ok: false, reason };
      deps.outbox.record({
        type: 'ticket.print-failed',
        payload: { ticketNumber: ticket.number, printerState: reason },
      });
      deps.onOutboxChanged();
    }
    deps.logger.event('device.printer.print-finished', {
      ticket: ticket.number,
      outcome: print.ok ? 'ok' : print.reason,
    });
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
