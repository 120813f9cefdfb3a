import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import {
  ErrorReplySchema,
  TECHNICIAN_ROUTES as ROUTES,
  type TechnicianAuditOutcome,
} from '@bianmin/contract';
import { layoutReadiness, readinessEvent } from '../../technician/readiness.js';
import { auditAction, REFUSED, type TechnicianRouteDeps } from './context.js';
import { printOutcome } from './print-outcome.js';

/** 自检报告: showing the readiness report, printing it, and sending it to the centre. */
export function registerReadinessRoutes(app: FastifyInstance, deps: TechnicianRouteDeps): void {
  const server = app.withTypeProvider<TypeBoxTypeProvider>();
  const audit = auditAction(deps.trail);
  const print = printOutcome(deps.devices.printer);
  /** The database would not be read: the technician's answer, not a 500. */
  const unreadable = (
    request: FastifyRequest,
    reply: FastifyReply,
    action: string,
    outcome: TechnicianAuditOutcome,
  ) => {
    audit(request, action, outcome);
    return reply.status(503).send({
      error: 'storage-failed',
      message:
        '自检报告读不出来：终端的存储（数据库）读不出。请检查存储（磁盘是否满、是否出错），处理后再试。',
    });
  };
  const STORAGE_FAILED = { 503: ErrorReplySchema };

  server.get(
    '/technician/readiness',
    {
      schema: {
        response: { 200: ROUTES['/technician/readiness'].reply, ...REFUSED, ...STORAGE_FAILED },
      },
    },
    async (request, reply) => {
      const report = await deps.readiness();
      if (!report.ok) return unreadable(request, reply, 'readiness-view', 'not-shown');
      audit(request, 'readiness-view', 'shown');
      return report.value;
    },
  );

  const printReport = ROUTES['/technician/readiness/print'];
  server.post(
    '/technician/readiness/print',
    {
      schema: {
        body: printReport.body,
        response: { 200: printReport.reply, ...REFUSED, ...STORAGE_FAILED },
      },
    },
    async (request, reply) => {
      const report = await deps.readiness();
      if (!report.ok) return unreadable(request, reply, 'readiness-print', 'not-printed');
      const outcome = await print(layoutReadiness(report.value, deps.terminal.timeZone));
      audit(request, 'readiness-print', outcome.printed ? 'printed' : 'not-printed', 'printer');
      return outcome;
    },
  );

  const send = ROUTES['/technician/readiness/send'];
  server.post(
    '/technician/readiness/send',
    {
      schema: { body: send.body, response: { 200: send.reply, ...REFUSED, ...STORAGE_FAILED } },
    },
    async (request, reply) => {
      const report = await deps.readiness();
      if (!report.ok) return unreadable(request, reply, 'readiness-send', 'not-queued');
      try {
        deps.recordReadiness(readinessEvent(report.value));
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
