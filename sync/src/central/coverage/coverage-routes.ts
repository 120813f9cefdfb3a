import {
  COVERAGE_PATH,
  CoverageQuerySchema,
  CoverageReportSchema,
  ErrorReplySchema,
} from '@bianmin/contract';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import type { CoverageReporter } from './coverage-report.js';

export function registerCoverageRoutes(server: FastifyInstance, report: CoverageReporter): void {
  server.withTypeProvider<TypeBoxTypeProvider>().get(
    COVERAGE_PATH,
    {
      schema: {
        querystring: CoverageQuerySchema,
        response: { 200: CoverageReportSchema, 400: ErrorReplySchema, 404: ErrorReplySchema },
      },
    },
    async (request, reply) => {
      const result = await report(request.query);
      if (result.ok) return result.value;
      const { status, error, message } = result.error;
      return reply.code(status).send({ error, message });
    },
  );
}
