import {
  ErrorReplySchema,
  PRESENCE_HISTORY_PATH,
  PresenceHistoryParamsSchema,
  PresenceHistoryQuerySchema,
  PresenceHistorySchema,
} from '@bianmin/contract';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import type { PresenceStore } from './presence-store.js';
import type { PresenceSweeper } from './sweeper.js';

export function registerPresenceRoutes(
  server: FastifyInstance,
  deps: { store: PresenceStore; sweeper: PresenceSweeper },
): void {
  server.withTypeProvider<TypeBoxTypeProvider>().get(
    PRESENCE_HISTORY_PATH,
    {
      schema: {
        params: PresenceHistoryParamsSchema,
        querystring: PresenceHistoryQuerySchema,
        response: { 200: PresenceHistorySchema, 400: ErrorReplySchema },
      },
    },
    async (request) => {
      await deps.sweeper.fresh();
      const { terminalId } = request.params;
      const changes = await deps.store.history(terminalId, Number(request.query.limit ?? 100));
      return { terminalId, changes };
    },
  );
}
