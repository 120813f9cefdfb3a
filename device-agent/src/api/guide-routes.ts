import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { ErrorReplySchema, KIOSK_ROUTES as ROUTES, type PrintOutcome } from '@bianmin/contract';
import type { EventLogger } from '@bianmin/common';
import type { ServiceCatalogue, TerminalConfig } from '@bianmin/config';
import {
  guideSlipOf,
  layoutGuideSlip,
  printFailureReason,
  type ReceiptPrinter,
  type SlipFormat,
} from '../printer/index.js';

export interface GuideRouteDeps {
  terminal: TerminalConfig;
  services: ServiceCatalogue;
  printer: Pick<ReceiptPrinter, 'print'>;
  slip: SlipFormat;
  logger: EventLogger;
  now?: () => Date;
}

/**
 * 打印指南: a service's guide on paper. The page names the service only and the text comes
 * from the agent's own catalogue, so nothing the page sends is printed. Storage is not asked:
 * a printout commits nothing.
 */
export function registerGuideRoutes(app: FastifyInstance, deps: GuideRouteDeps): void {
  const server = app.withTypeProvider<TypeBoxTypeProvider>();
  const now = deps.now ?? (() => new Date());
  // What the kiosk shows: a disabled service is not browsed, so its guide is not printed.
  const guides = new Map(
    deps.services.services.flatMap((s) =>
      s.enabled && s.guide ? [[s.id, { name: s.name, guide: s.guide }] as const] : [],
    ),
  );
  const print = ROUTES['/guides/print'];
  const schema = { body: print.body, response: { 200: print.reply, 404: ErrorReplySchema } };
  server.post('/guides/print', { schema }, async (request, reply) => {
    const { serviceId } = request.body;
    const found = guides.get(serviceId);
    if (!found) {
      return reply.status(404).send({
        error: 'unknown-guide',
        message: 'No enabled service with a guide has this id.',
      });
    }
    const job = layoutGuideSlip(guideSlipOf(found, deps.terminal, now()), deps.slip);
    const printed = await deps.printer.print(job);
    const outcome: PrintOutcome = printed.ok
      ? { ok: true }
      : { ok: false, reason: printFailureReason(printed.error) };
    deps.logger.event('guide.slip-printed', {
      serviceId,
      outcome: outcome.ok ? 'ok' : outcome.reason,
    });
    return outcome;
  });
}
