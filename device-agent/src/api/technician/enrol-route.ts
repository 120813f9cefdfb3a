import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { TECHNICIAN_ROUTES as ROUTES } from '@bianmin/contract';
import { auditAction, REFUSED, type TechnicianRouteDeps } from './context.js';

/** Enrolling the terminal with the centre. */
export function registerEnrolRoute(app: FastifyInstance, deps: TechnicianRouteDeps): void {
  const audit = auditAction(deps.trail);
  const enrol = ROUTES['/technician/enrol'];
  app.withTypeProvider<TypeBoxTypeProvider>().post(
    '/technician/enrol',
    {
      schema: { body: enrol.body, response: { 200: enrol.reply, ...REFUSED } },
    },
    async (request) => {
      const outcome = await deps.enrol(request.body);
      audit(request, 'enrol', outcome.enrolled ? 'enrolled' : 'refused');
      return outcome;
    },
  );
}
