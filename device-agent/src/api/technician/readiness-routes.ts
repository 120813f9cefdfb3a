import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { ErrorReplySchema, TECHNICIAN_ROUTES as ROUTES } from '@bianmin/contract';
import { layoutReadiness, readinessEvent } from '../../technician/readiness.js';
import { auditAction, REFUSED, type TechnicianRouteDeps } from './context.js';
import { printOutcome } from './print-outcome.js';

/** 自检报告: showing the readiness report, printing it, and sending it to the centre. */
export function registerReadinessRoutes(app: FastifyInstance, deps: TechnicianRouteDeps): void {
  const server = app.withTypeProvider<TypeBoxTypeProvider>();
  const audit = auditAction(deps.trail);
  const print = printOutcome(deps.devices.printer);

  server.get(
    '/technician/readiness',
    {
      schema: { response: { 200: ROUTES['/technician/readiness'].reply, ...REFUSED } },
    },
    async (request) => {
      const report = await deps.readiness();
      audit(request, 'readiness-view', 'shown');
      return report;
    },
  );

  const printReport = ROUTES['/technician/readiness/print'];
  server.post(
    '/technician/readiness/print',
    {
      schema: { body: printReport.body, response: { 200: printReport.reply, ...REFUSED } },
    },
    async (request) => {
      const report = await deps.readiness();
      const outcome = await print(layoutReadiness(report, deps.terminal.timeZone));
      audit(request, 'readiness-print', outcome.printed ? 'printed' : 'not-printed', 'printer');
      return outcome;
    },
  );

  const send = ROUTES['/technician/readiness/send'];
  server.post(
    '/technician/readiness/send',
    {
      schema: { body: send.body, response: { 200: send.reply, ...REFUSED, 503: ErrorReplySchema } },
    },
    async (request, reply) => {
      const report = await deps.readiness();
      try {
        deps.recordReadiness(readinessEvent(report));
      } catch {
        // A full or faulted disk: the terminal's storage, which the report itself shows.
        audit(request, 'readiness-send', 'not-queued');
        return reply.status(503).send({
          error: 'storage-failed',
          message:
            '没有交给上传队列：终端的存储写不进去（磁盘满或出错）。请看报告中的“存储”一项，处理后再发送。',
        });
      }
      audit(request, 'readiness-send', 'queued');
      return { message: '已交给上传队列，连通中心后送达。' };
    },
  );
}
