import type { FastifyInstance } from 'fastify';
import type { Simulators } from '../agent/devices.js';
import { SAMPLE_IDENTITIES } from '../id-card/index.js';
import { receiptToSvg, receiptToText } from '../printer/index.js';

const cardBody = {
  type: 'object',
  additionalProperties: false,
  required: ['action'],
  properties: {
    action: { enum: ['place', 'place-badly', 'remove'] },
    key: { type: 'string' },
  },
} as const;

const printerBody = {
  type: 'object',
  additionalProperties: false,
  minProperties: 1,
  properties: {
    paper: { enum: ['ok', 'near-end', 'out'] },
    coverOpen: { type: 'boolean' },
    offline: { type: 'boolean' },
  },
} as const;

/**
 * The development panel's controls. Registered only on simulated hardware outside
 * production, so a real terminal has no route that fakes a card.
 */
export function registerDevRoutes(server: FastifyInstance, simulators: Simulators): void {
  const { reader, printer } = simulators;

  server.get('/api/v1/dev/state', async () => ({
    identities: SAMPLE_IDENTITIES.map(({ key, label }) => ({ key, label })),
    card: reader?.state.card ?? 'real-device',
    printer: printer?.condition ?? { paper: 'ok', coverOpen: false, offline: false },
    receipts: (printer?.receipts ?? []).slice(-5).map((r) => ({
      printedAt: r.printedAt,
      text: receiptToText(r),
      svg: receiptToSvg(r),
    })),
  }));

  server.post('/api/v1/dev/id-card', { schema: { body: cardBody } }, async (request, reply) => {
    if (!reader)
      return reply
        .status(409)
        .send({ error: 'not-simulated', message: 'The ID-card reader is a real device.' });
    const body = request.body as { action: 'place' | 'place-badly' | 'remove'; key?: string };
    if (body.action === 'remove') reader.removeCard();
    else if (body.action === 'place-badly') reader.placeCardBadly();
    else {
      const identity = SAMPLE_IDENTITIES.find((i) => i.key === body.key);
      if (!identity) {
        return reply.status(400).send({
          error: 'bad-request',
          message: `Unknown sample identity "${body.key ?? ''}"; use one of: ${SAMPLE_IDENTITIES.map((i) => i.key).join(', ')}.`,
        });
      }
      reader.placeCard(identity.holder);
    }
    return { card: reader.state.card };
  });

  server.post('/api/v1/dev/printer', { schema: { body: printerBody } }, async (request, reply) => {
    if (!printer)
      return reply
        .status(409)
        .send({ error: 'not-simulated', message: 'The printer is a real device.' });
    printer.setCondition(request.body as Parameters<typeof printer.setCondition>[0]);
    return { printer: printer.condition };
  });
}
