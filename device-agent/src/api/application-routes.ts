import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import {
  ApplicationConflictReplySchema,
  ErrorReplySchema,
  KIOSK_ROUTES as ROUTES,
  type ApplicationErrorCode,
  type ErrorReply,
  type PrintOutcome,
} from '@bianmin/contract';
import { applicationQrPayload } from '@bianmin/contract/qr-payloads';
import type { EventLogger } from '@bianmin/common';
import type { TerminalConfig } from '@bianmin/config';
import type { Applications } from '../application/applications.js';
import type { ApplicationConnector } from '../application/connector.js';
import {
  layoutApplicationSlip,
  printFailureReason,
  type ReceiptPrinter,
  type SlipFormat,
} from '../printer/index.js';

export interface ApplicationRouteDeps {
  terminal: TerminalConfig;
  applications: Applications;
  connector: Pick<ApplicationConnector, 'destination'>;
  printer: Pick<ReceiptPrinter, 'print'>;
  slip: SlipFormat;
  logger: EventLogger;
  /** False while storage is faulted: an application that cannot be committed is not taken. */
  canRecord: () => boolean;
}

/**
 * 申请: a resident's application (docs/flows.md, "Apply"). The reply comes only after the
 * connector has committed it; a refusal names the question, never an answer. The slip holds
 * the reference, the destination and what happens next, and a QR code of the reference.
 */
export function registerApplicationRoutes(app: FastifyInstance, deps: ApplicationRouteDeps): void {
  const server = app.withTypeProvider<TypeBoxTypeProvider>();
  const submit = ROUTES['/applications'];
  const submitSchema = {
    body: submit.body,
    response: {
      200: submit.reply,
      400: ErrorReplySchema,
      409: ApplicationConflictReplySchema,
      503: ErrorReplySchema,
    },
  };
  server.post('/applications', { schema: submitSchema }, async (request, reply) => {
    const refused = (status: 400 | 503, answer: ErrorReply & { error: ApplicationErrorCode }) =>
      reply.status(status).send(answer);
    if (!deps.canRecord()) {
      return refused(503, {
        error: 'storage-unavailable',
        message: "The terminal's storage cannot record an application now.",
      });
    }
    const submitted = await deps.applications.submit(request.body);
    if (submitted.ok) return submitted.value;
    const refusal = submitted.error;
    const { message } = refusal;
    if (refusal.kind === 'request-conflict') {
      return reply.status(409).send({
        error: 'application-request-conflict',
        message,
        ...(refusal.field === 'serviceId' && { where: 'serviceId' as const }),
        receipt: refusal.receipt,
      });
    }
    if (refusal.kind === 'not-committed') {
      return refused(503, { error: 'application-not-committed', message });
    }
    return refused(400, {
      error: `application-${refusal.kind}`,
      message,
      ...(refusal.question && { where: `answers.${refusal.question}` }),
    });
  });

  const print = ROUTES['/applications/print'];
  const printSchema = { body: print.body, response: { 200: print.reply, 404: ErrorReplySchema } };
  server.post('/applications/print', { schema: printSchema }, async (request, reply) => {
    const { reference } = request.body;
    const facts = deps.applications.slipFacts(reference);
    if (!facts) {
      return reply.status(404).send({
        error: 'unknown-application',
        message: 'No application with this reference was taken here recently.',
      });
    }
    const { terminal } = deps;
    const job = layoutApplicationSlip(
      {
        reference,
        serviceName: facts.serviceName,
        submittedAt: new Date(facts.submittedAt),
        timeZone: terminal.timeZone,
        destinationName: deps.connector.destination.name,
        destinationDescription: deps.connector.destination.description,
        whatNext: facts.whatNext,
        communityName: terminal.community.name,
        terminalName: terminal.name,
        qrPayload: applicationQrPayload(terminal.terminalId, reference),
      },
      deps.slip,
    );
    const printed = await deps.printer.print(job);
    const outcome: PrintOutcome = printed.ok
      ? { ok: true }
      : { ok: false, reason: printFailureReason(printed.error) };
    deps.logger.event('application.slip-printed', {
      reference,
      outcome: outcome.ok ? 'ok' : outcome.reason,
    });
    return outcome;
  });
}
