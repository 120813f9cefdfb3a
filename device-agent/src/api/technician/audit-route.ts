import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { TECHNICIAN_ROUTES as ROUTES } from '@bianmin/contract';
import { auditAction, REFUSED, type TechnicianRouteDeps } from './context.js';

/** Paging the audit log (administrators). */
export function registerAuditRoute(app: FastifyInstance, deps: TechnicianRouteDeps): void {
  const audit = auditAction(deps.trail);
  const auditPage = ROUTES['/technician/audit'];
  app.withTypeProvider<TypeBoxTypeProvider>().get(
    '/technician/audit',
    {
      schema: { querystring: auditPage.query, response: { 200: auditPage.reply, ...REFUSED } },
    },
    async (request) => {
      const { before, after, limit } = request.query;
      // Opening the log is an action; turning its pages is not, or each page would add one.
      if (before === undefined && after === undefined) audit(request, 'audit-view', 'shown');
      return deps.auditLog.page({
        limit: Number(limit),
        ...(before !== undefined && { before: Number(before) }),
        ...(after !== undefined && { after: Number(after) }),
      });
    },
  );
}
